"""Reference throughput: the same 784-400-20-400-784 Bernoulli VAE step in PyTorch.

Run by `npm run bench` when PyTorch is importable (Debian: python3-torch). Prints one
JSON line. Data are random binary images: throughput does not depend on pixel values.
"""
import json
import sys
import time

import torch
from torch import nn
from torch.nn import functional as F

threads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
steps = int(sys.argv[2]) if len(sys.argv) > 2 else 200
torch.set_num_threads(threads)
torch.manual_seed(0)


class Vae(nn.Module):
    def __init__(self):
        super().__init__()
        self.enc = nn.Linear(784, 400)
        self.head = nn.Linear(400, 40)
        self.dec = nn.Linear(20, 400)
        self.out = nn.Linear(400, 784)

    def forward(self, x):
        mean, log_var = self.head(F.relu(self.enc(x))).chunk(2, dim=1)
        z = mean + torch.exp(0.5 * log_var) * torch.randn_like(mean)
        logits = self.out(F.relu(self.dec(z)))
        rec = F.binary_cross_entropy_with_logits(logits, x, reduction="none").sum(1)
        kl = 0.5 * (mean.pow(2) + log_var.exp() - 1 - log_var).sum(1)
        return (rec + kl).mean()


model = Vae()
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
x = (torch.rand(128, 784) > 0.8).float()


def step():
    opt.zero_grad()
    loss = model(x)
    loss.backward()
    opt.step()


for _ in range(10):
    step()
start = time.perf_counter()
for _ in range(steps):
    step()
seconds = time.perf_counter() - start
print(json.dumps({
    "bench": "vae-train-throughput",
    "backend": f"pytorch-{torch.__version__}-cpu-{threads}thread",
    "samplesPerSecond": round(steps * 128 / seconds, 1),
    "msPerStep": round(seconds / steps * 1000, 2),
    "steps": steps,
    "reference": True,
}))
