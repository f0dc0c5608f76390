#!/usr/bin/python3
"""Writes the tiny ONNX models that Cortado's tests serve, into repo/ next to this script.

Run with Debian's python3 and python3-onnx:  /usr/bin/python3 make-test-models.py
The output is deterministic; the .onnx files are committed, so tests need no Python.

  add-fp32         INPUT0, INPUT1 FP32 [-1, 4] -> OUTPUT0 = INPUT0 + INPUT1, OUTPUT1 = INPUT0 - INPUT1
  identity-<type>  INPUT0 <type> [-1, -1] -> OUTPUT0 = INPUT0, for every datatype ONNX Runtime's
                   Java API can create (BYTES is an ONNX string tensor)
"""
import os
import onnx
from onnx import TensorProto, helper

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.join(HERE, "repo")
OPSET = 13
IR_VERSION = 7  # readable by every ONNX Runtime since 1.6
MAX_BATCH = 8

# Protocol datatype -> ONNX element type, for the identity models.
IDENTITY_TYPES = {
    "BOOL": TensorProto.BOOL,
    "UINT8": TensorProto.UINT8,
    "INT8": TensorProto.INT8,
    "INT16": TensorProto.INT16,
    "INT32": TensorProto.INT32,
    "INT64": TensorProto.INT64,
    "FP16": TensorProto.FLOAT16,
    "FP32": TensorProto.FLOAT,
    "FP64": TensorProto.DOUBLE,
    "BYTES": TensorProto.STRING,
}


def save(name, graph, config):
    model = helper.make_model(
        graph,
        producer_name="cortado make-test-models.py",
        opset_imports=[helper.make_opsetid("", OPSET)],
    )
    model.ir_version = IR_VERSION
    onnx.checker.check_model(model)
    folder = os.path.join(REPO, name, "1")
    os.makedirs(folder, exist_ok=True)
    onnx.save(model, os.path.join(folder, "model.onnx"))
    with open(os.path.join(REPO, name, "config.yaml"), "w") as f:
        f.write(config)
    print("wrote", os.path.join(folder, "model.onnx"))


def tensors_yaml(key, tensors):
    lines = [f"{key}:"]
    for name, datatype, shape in tensors:
        dims = ", ".join(str(d) for d in shape)
        lines.append(f"  - {{name: {name}, datatype: {datatype}, shape: [{dims}]}}")
    return "\n".join(lines) + "\n"


def config(task, inputs, outputs):
    return (
        "# Written by make-test-models.py.\n"
        f"task: {task}\n"
        "platform: onnxruntime_onnx\n"
        f"max-batch-size: {MAX_BATCH}\n"
        "instances: {count: 1, intra-op-threads: 1}\n"
        + tensors_yaml("inputs", inputs)
        + tensors_yaml("outputs", outputs)
    )


def add_fp32():
    shape = ["batch", 4]
    graph = helper.make_graph(
        [
            helper.make_node("Add", ["INPUT0", "INPUT1"], ["OUTPUT0"]),
            helper.make_node("Sub", ["INPUT0", "INPUT1"], ["OUTPUT1"]),
        ],
        "add_fp32",
        [
            helper.make_tensor_value_info("INPUT0", TensorProto.FLOAT, shape),
            helper.make_tensor_value_info("INPUT1", TensorProto.FLOAT, shape),
        ],
        [
            helper.make_tensor_value_info("OUTPUT0", TensorProto.FLOAT, shape),
            helper.make_tensor_value_info("OUTPUT1", TensorProto.FLOAT, shape),
        ],
    )
    spec = [-1, 4]
    save(
        "add-fp32",
        graph,
        config(
            "add-sub",
            [("INPUT0", "FP32", spec), ("INPUT1", "FP32", spec)],
            [("OUTPUT0", "FP32", spec), ("OUTPUT1", "FP32", spec)],
        ),
    )


def identity(datatype, elem_type):
    shape = ["batch", "n"]
    graph = helper.make_graph(
        [helper.make_node("Identity", ["INPUT0"], ["OUTPUT0"])],
        "identity_" + datatype.lower(),
        [helper.make_tensor_value_info("INPUT0", elem_type, shape)],
        [helper.make_tensor_value_info("OUTPUT0", elem_type, shape)],
    )
    spec = [-1, -1]
    save(
        "identity-" + datatype.lower(),
        graph,
        config("identity", [("INPUT0", datatype, spec)], [("OUTPUT0", datatype, spec)]),
    )


if __name__ == "__main__":
    add_fp32()
    for datatype, elem_type in IDENTITY_TYPES.items():
        identity(datatype, elem_type)
