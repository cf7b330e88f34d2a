"""Reference throughput: the same discriminative predictive-coding network in PyTorch.

784-256-256-10, predictions up (tanh hidden areas, a categorical label area whose energy
is the cross-entropy when clamped), batch 128, T = 20 settling iterations with the same
per-image backtracking as neocortex-sim's settle (a step is kept for an image only where
its free energy does not rise, else its step halves), then the local update
dW = -x^T e / batch for every layer, Adam. Also the same network trained by backprop.
Run by `npm run bench -- pc-learn` when PyTorch is importable. One JSON line per rule.
"""
import json
import sys
import time

import torch

threads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
steps = int(sys.argv[2]) if len(sys.argv) > 2 else 20
T = int(sys.argv[3]) if len(sys.argv) > 3 else 20
torch.set_num_threads(threads)
torch.manual_seed(0)
sizes = [784, 256, 256, 10]
B = 128
W = [torch.empty(sizes[i], sizes[i + 1]).uniform_(-sizes[i] ** -0.5, sizes[i] ** -0.5) for i in range(3)]
b = [torch.zeros(sizes[i + 1]) for i in range(3)]
params = W + b
for p in params:
    p.requires_grad_(True)
x = torch.rand(B, 784)
y = torch.nn.functional.one_hot(torch.randint(0, 10, (B,)), 10).float()


def energy(h1, h2, with_errors=False):
    u1 = x @ W[0] + b[0]
    u2 = h1 @ W[1] + b[1]
    u3 = h2 @ W[2] + b[2]
    e1 = h1 - torch.tanh(u1)
    e2 = h2 - torch.tanh(u2)
    logp = torch.log_softmax(u3, 1)
    f = 0.5 * (e1 * e1).sum(1) + 0.5 * (e2 * e2).sum(1) - (y * logp).sum(1)
    if not with_errors:
        return f
    return f, (u1, u2, u3, e1, e2, y - logp.exp())


def local_step(opt):
    with torch.no_grad():
        h1 = torch.tanh(x @ W[0] + b[0])
        h2 = torch.tanh(h1 @ W[1] + b[1])
        step = torch.full((B, 1), 0.1)
        for _ in range(T):
            f, (u1, u2, u3, e1, e2, e3) = energy(h1, h2, True)
            a2 = e2 * (1 - torch.tanh(u2) ** 2)
            g1 = e1 - a2 @ W[1].T
            g2 = e2 - e3 @ W[2].T
            p1, p2 = h1 - step * g1, h2 - step * g2
            keep = (energy(p1, p2) <= f).unsqueeze(1)
            h1 = torch.where(keep, p1, h1)
            h2 = torch.where(keep, p2, h2)
            step = torch.where(keep, step, step * 0.5)
        _, (u1, u2, u3, e1, e2, e3) = energy(h1, h2, True)
        errors = [e1 * (1 - torch.tanh(u1) ** 2), e2 * (1 - torch.tanh(u2) ** 2), e3]
        inputs = [x, h1, h2]
        for i in range(3):
            W[i].grad = -(inputs[i].T @ errors[i]) / B
            b[i].grad = -errors[i].mean(0)
    opt.step()


def backprop_step(opt):
    opt.zero_grad()
    h = x
    for i in range(2):
        h = torch.tanh(h @ W[i] + b[i])
    loss = -(y * torch.log_softmax(h @ W[2] + b[2], 1)).sum(1).mean()
    loss.backward()
    opt.step()


for name, run in (("local", local_step), ("backprop", backprop_step)):
    opt = torch.optim.Adam(params, lr=1e-3)
    for _ in range(3):
        run(opt)
    n = steps if name == "local" else steps * 10
    start = time.perf_counter()
    for _ in range(n):
        run(opt)
    seconds = time.perf_counter() - start
    print(json.dumps({
        "bench": "pc-learn-throughput",
        "backend": f"pytorch-{torch.__version__}-cpu-{threads}thread",
        "learning": name,
        "network": "784-256-256-10 tanh, predictions up",
        "inferenceSteps": T if name == "local" else 0,
        "batchSize": B,
        "samplesPerSecond": round(n * B / seconds, 1),
        "msPerStep": round(seconds / n * 1000, 2),
        "steps": n,
    }))
