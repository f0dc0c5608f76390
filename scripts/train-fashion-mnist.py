#!/usr/bin/python3
"""Train the bundled Fashion-MNIST models and write Cortado's model repository.

How to run (Debian 12):

    apt-get install -y python3-torch python3-onnx dataset-fashion-mnist \
        libopenblas0-openmp
    /usr/bin/python3 scripts/train-fashion-mnist.py

(libopenblas0-openmp is optional but matters: without it Debian's torch uses
the reference BLAS and the MLPs train about ten times slower. The bundled
models were trained with it; a different BLAS or CPU changes the last bits of
the arithmetic and so, slightly, the weights and accuracies.)

Options:
    --data DIR     directory holding the four Fashion-MNIST idx files
                   (train-/t10k-images-idx3-ubyte, train-/t10k-labels-idx1-ubyte,
                   gzipped or not); default: found through `dpkg -L
                   dataset-fashion-mnist`, else /usr/share/datasets/fashion-mnist
    --out DIR      model repository to write (default: models/ at the repo root)
    --only NAME    train only this variant (may be repeated)
    --no-write     train and evaluate, but write nothing (to check reproducibility)

What it writes, for each of the four variants (fashion-mlp-small,
fashion-mlp-large, fashion-cnn-small, fashion-cnn-large):

    models/<name>/1/model.onnx   ONNX (opset 17), checked with onnx.checker;
                                 input  "image"  FP32 [N,1,28,28], pixel/255
                                 output "logits" FP32 [N,10]; batch axis dynamic
    models/<name>/config.yaml    the model's config: accuracy on the full
                                 10,000-image test set (evaluated with torch in
                                 eval mode after training), multiply-accumulates
                                 per sample and parameter count (both computed
                                 from the layer shapes), inputs and outputs.

Any normalisation is inside the models: callers send raw pixel values divided
by 255 and nothing else.

Training is deterministic: every variant has its own fixed seed, shuffling uses
a seeded generator, torch runs with deterministic algorithms on 2 threads, so a
re-run on the same machine reproduces the same weights, model.onnx bytes and
accuracies (other CPUs or BLAS libraries may differ in the last bits of
floating-point arithmetic). Every variant is seeded on its own, so --only
gives the same result as a full run. The whole run takes about six minutes on
two otherwise idle CPU cores, most of it for fashion-cnn-large.

The test set the accuracies refer to is also bundled, as a copy of the Debian
files, in datasets/fashion-mnist/ (see its README.md).
"""

import argparse
import gzip
import os
import subprocess
import sys
import time

# Idle OpenMP threads sleep instead of spinning. It does not change the results
# (same threads, same partitioning), but on a busy machine spinning threads
# slow training down tenfold or more. Must be set before torch is imported.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_DATA_DIR = "/usr/share/datasets/fashion-mnist"
OPSET = 17
THREADS = 2

# Mean and standard deviation of the training-set pixels (in [0,1]); baked into
# every model as constants so that callers send pixel/255 only.
PIXEL_MEAN = 0.2860
PIXEL_STD = 0.3530


# --------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------

FILES = {
    "train-images": "train-images-idx3-ubyte",
    "train-labels": "train-labels-idx1-ubyte",
    "test-images": "t10k-images-idx3-ubyte",
    "test-labels": "t10k-labels-idx1-ubyte",
}


def dpkg_data_dirs():
    """Directories of the dataset-fashion-mnist package, per dpkg."""
    try:
        out = subprocess.run(["dpkg", "-L", "dataset-fashion-mnist"],
                             capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return []
    dirs = []
    for line in out.splitlines():
        if os.path.basename(line).startswith(FILES["test-images"]):
            d = os.path.dirname(line)
            if d not in dirs:
                dirs.append(d)
    return dirs


def find_file(data_dir, stem):
    for name in (stem + ".gz", stem):
        path = os.path.join(data_dir, name)
        if os.path.isfile(path):
            return path
    return None


def locate_data(explicit):
    candidates = [explicit] if explicit else dpkg_data_dirs() + [DEFAULT_DATA_DIR]
    for d in candidates:
        if all(find_file(d, stem) for stem in FILES.values()):
            return d
    sys.exit("Fashion-MNIST idx files not found in %s; install the Debian "
             "package dataset-fashion-mnist or pass --data DIR" % ", ".join(candidates))


def read_idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    zero, dtype, ndim = data[0:2], data[2], data[3]
    if zero != b"\0\0" or dtype != 0x08:
        raise ValueError("%s: not an unsigned-byte idx file" % path)
    dims = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim)]
    arr = np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim)
    return arr.reshape(dims)


def load_split(data_dir, split):
    images = read_idx(find_file(data_dir, FILES[split + "-images"]))
    labels = read_idx(find_file(data_dir, FILES[split + "-labels"]))
    assert images.shape[1:] == (28, 28) and images.shape[0] == labels.shape[0]
    # The one and only preprocessing: pixel / 255, shape [N,1,28,28].
    x = torch.from_numpy(images.astype(np.float32) / 255.0).unsqueeze(1)
    y = torch.from_numpy(labels.astype(np.int64))
    return x, y


# --------------------------------------------------------------------------
# Models
# --------------------------------------------------------------------------

class Normalize(nn.Module):
    """(x - mean) / std with fixed constants, so callers send pixel/255."""

    def __init__(self):
        super().__init__()
        self.register_buffer("mean", torch.tensor(PIXEL_MEAN))
        self.register_buffer("std", torch.tensor(PIXEL_STD))

    def forward(self, x):
        return (x - self.mean) / self.std


def mlp(*widths):
    layers = [Normalize(), nn.Flatten()]
    for i in range(len(widths) - 1):
        layers.append(nn.Linear(widths[i], widths[i + 1]))
        if i < len(widths) - 2:
            layers.append(nn.ReLU())
    return nn.Sequential(*layers)


def cnn_small():
    return nn.Sequential(
        Normalize(),
        nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),    # 8x14x14
        nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),   # 16x7x7
        nn.Flatten(),
        nn.Linear(16 * 7 * 7, 10),
    )


def cnn_large():
    return nn.Sequential(
        Normalize(),
        nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),    # 32x14x14
        nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),   # 64x7x7
        nn.Conv2d(64, 128, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),  # 128x3x3
        nn.Flatten(),
        nn.Linear(128 * 3 * 3, 128), nn.ReLU(), nn.Dropout(0.3),
        nn.Linear(128, 10),
    )


# name -> (constructor, layers (for the README), seed, epochs, learning rate)
VARIANTS = [
    ("fashion-mlp-small", lambda: mlp(784, 32, 10),
     "784-32-10 MLP", 101, 2, 2e-3),
    ("fashion-mlp-large", lambda: mlp(784, 512, 256, 10),
     "784-512-256-10 MLP", 102, 8, 1e-3),
    ("fashion-cnn-small", cnn_small,
     "conv3x3 8, pool, conv3x3 16, pool, fc 784-10", 103, 8, 2e-3),
    ("fashion-cnn-large", cnn_large,
     "conv3x3 32/64/128 each + pool, fc 1152-128-10", 104, 6, 2e-3),
]
BATCH = 128


def count_macs_and_params(model):
    """Multiply-accumulates per sample of the Conv2d and Linear layers (from
    their weight shapes and output sizes) and the number of parameters."""
    macs = 0
    hooks = []

    def conv_hook(m, inp, out):
        nonlocal macs
        k = m.weight[0].numel()  # in_channels/groups * kh * kw
        macs += out[0].numel() * k

    def linear_hook(m, inp, out):
        nonlocal macs
        macs += m.in_features * m.out_features

    for m in model.modules():
        if isinstance(m, nn.Conv2d):
            hooks.append(m.register_forward_hook(conv_hook))
        elif isinstance(m, nn.Linear):
            hooks.append(m.register_forward_hook(linear_hook))
    with torch.no_grad():
        model(torch.zeros(1, 1, 28, 28))
    for h in hooks:
        h.remove()
    params = sum(p.numel() for p in model.parameters())
    return macs, params


# --------------------------------------------------------------------------
# Training and evaluation
# --------------------------------------------------------------------------

def train(model, x, y, seed, epochs, lr, name):
    gen = torch.Generator().manual_seed(seed + 1)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    steps_per_epoch = (len(x) + BATCH - 1) // BATCH
    sched = torch.optim.lr_scheduler.OneCycleLR(
        opt, max_lr=lr, epochs=epochs, steps_per_epoch=steps_per_epoch)
    for epoch in range(epochs):
        model.train()
        t0 = time.time()
        perm = torch.randperm(len(x), generator=gen)
        total = 0.0
        for i in range(0, len(x), BATCH):
            idx = perm[i:i + BATCH]
            opt.zero_grad()
            loss = F.cross_entropy(model(x[idx]), y[idx])
            loss.backward()
            opt.step()
            sched.step()
            total += loss.item() * len(idx)
        print("  %s epoch %d/%d  loss %.4f  (%.1f s)"
              % (name, epoch + 1, epochs, total / len(x), time.time() - t0), flush=True)


def evaluate(model, x, y):
    model.eval()
    correct = 0
    with torch.no_grad():
        for i in range(0, len(x), 1000):
            correct += (model(x[i:i + 1000]).argmax(1) == y[i:i + 1000]).sum().item()
    return correct / len(x)


def export(model, path):
    import onnx
    model.eval()
    os.makedirs(os.path.dirname(path), exist_ok=True)
    torch.onnx.export(
        model, torch.zeros(1, 1, 28, 28), path,
        input_names=["image"], output_names=["logits"],
        dynamic_axes={"image": {0: "batch"}, "logits": {0: "batch"}},
        opset_version=OPSET, do_constant_folding=True,
        training=torch.onnx.TrainingMode.EVAL)
    m = onnx.load(path)
    onnx.checker.check_model(m, full_check=True)
    inp, out = m.graph.input[0], m.graph.output[0]
    assert [d.dim_param or d.dim_value for d in inp.type.tensor_type.shape.dim] == ["batch", 1, 28, 28]
    assert [d.dim_param or d.dim_value for d in out.type.tensor_type.shape.dim] == ["batch", 10]


CONFIG = """\
# Written by scripts/train-fashion-mnist.py; re-run the script to reproduce.
task: image-classification
platform: onnxruntime_onnx
max-batch-size: 256
accuracy:
  value: {accuracy:.4f}            # top-1 on the test set below, 4 decimals
  dataset: fashion-mnist test set (10000 images, Debian dataset-fashion-mnist)
data-version: 28x28 grayscale, pixel/255
compute:
  macs-per-sample: {macs}    # multiply-accumulates per sample, computed by the script from the layer shapes
  parameters: {params}
instances:
  count: 1
  intra-op-threads: 1
inputs:
  - name: image
    datatype: FP32
    shape: [-1, 1, 28, 28]
outputs:
  - name: logits
    datatype: FP32
    shape: [-1, 10]
"""


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", help="directory with the Fashion-MNIST idx files")
    ap.add_argument("--out", default=os.path.join(REPO_ROOT, "models"),
                    help="model repository to write (default: models/)")
    ap.add_argument("--only", action="append", choices=[v[0] for v in VARIANTS],
                    help="train only this variant (repeatable)")
    ap.add_argument("--no-write", action="store_true",
                    help="train and evaluate but write no files")
    args = ap.parse_args()

    torch.set_num_threads(THREADS)
    torch.use_deterministic_algorithms(True)

    data_dir = locate_data(args.data)
    print("Fashion-MNIST from %s" % data_dir)
    x_train, y_train = load_split(data_dir, "train")
    x_test, y_test = load_split(data_dir, "test")

    started = time.time()
    rows = []
    for name, make, layers, seed, epochs, lr in VARIANTS:
        if args.only and name not in args.only:
            continue
        t0 = time.time()
        torch.manual_seed(seed)
        model = make()
        macs, params = count_macs_and_params(model)
        print("%s: %s, %d MACs/sample, %d parameters, %d epochs"
              % (name, layers, macs, params, epochs), flush=True)
        train(model, x_train, y_train, seed, epochs, lr, name)
        model.eval()
        size = 0
        if not args.no_write:
            onnx_path = os.path.join(args.out, name, "1", "model.onnx")
            export(model, onnx_path)
            size = os.path.getsize(onnx_path)
        # Evaluated after export, on the full test set, in eval mode.
        accuracy = evaluate(model, x_test, y_test)
        if not args.no_write:
            with open(os.path.join(args.out, name, "config.yaml"), "w") as f:
                f.write(CONFIG.format(accuracy=accuracy, macs=macs, params=params))
        print("%s: test accuracy %.4f, %d bytes, %.1f s"
              % (name, accuracy, size, time.time() - t0), flush=True)
        rows.append((name, layers, macs, params, accuracy, size))

    print("\n| variant | layers | MACs/sample | parameters | accuracy | model.onnx |")
    print("|---|---|---:|---:|---:|---:|")
    for name, layers, macs, params, accuracy, size in rows:
        print("| %s | %s | %d | %d | %.4f | %d bytes |" % (name, layers, macs, params, accuracy, size))
    print("\nTotal time %.1f s" % (time.time() - started))


if __name__ == "__main__":
    main()
