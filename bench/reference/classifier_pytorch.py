"""Reference throughput: the feedforward classifiers' training step in PyTorch.

The MLP 784-512-512-10 (relu) at batch 32 and the conv net (5x5x32 valid, relu, max-pool 2,
5x5x64 valid, relu, max-pool 2, dense 128 relu, 10) at batch 128, Adam 1e-3, mean softmax
cross-entropy: the architectures of `neocortex train --model classifier`. Run by
`npm run bench classifiers` when PyTorch is importable (Debian: python3-torch). Prints one JSON
line a model. Data are random images: throughput does not depend on pixel values.
"""
import json
import sys
import time

import torch
from torch import nn
from torch.nn import functional as F

threads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
torch.set_num_threads(threads)
torch.manual_seed(0)


class Conv(nn.Module):
    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv2d(1, 32, 5)
        self.c2 = nn.Conv2d(32, 64, 5)
        self.d = nn.Linear(64 * 4 * 4, 128)
        self.out = nn.Linear(128, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.c1(x.view(-1, 1, 28, 28))), 2)
        x = F.max_pool2d(F.relu(self.c2(x)), 2)
        return self.out(F.relu(self.d(x.flatten(1))))


def mlp():
    return nn.Sequential(
        nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 512), nn.ReLU(), nn.Linear(512, 10)
    )


def measure(name, model, batch, steps):
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    x = torch.rand(batch, 784)
    y = torch.randint(0, 10, (batch,))

    def step():
        opt.zero_grad()
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        opt.step()

    for _ in range(3):
        step()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(steps):
            step()
        times.append((time.perf_counter() - start) / steps)
    per_step = sorted(times)[len(times) // 2]
    print(json.dumps({
        "bench": "classifier-train-throughput",
        "backend": f"pytorch-{torch.__version__}-cpu-{threads}thread",
        "model": name,
        "batchSize": batch,
        "samplesPerSecond": round(batch / per_step, 1),
        "msPerStep": round(per_step * 1000, 2),
        "steps": steps * repeats,
    }))


measure("mlp 784-512-512-10", mlp(), 32, 100)
measure("conv 5x5x32-pool2-5x5x64-pool2-128-10", Conv(), 128, 5)
