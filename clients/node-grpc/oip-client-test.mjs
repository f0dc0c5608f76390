#!/usr/bin/env node
// Checks a server's Open Inference Protocol gRPC endpoint with a client nobody here wrote
// (@grpc/grpc-js, the proto loaded at run time by @grpc/proto-loader), against the same server's
// REST answers.
//
//   node oip-client-test.mjs --grpc 127.0.0.1:8001 [--http 127.0.0.1:8000] --model NAME[,NAME...]
//                            [--proto path/to/inference.proto]
//
// For each model: every RPC (ServerLive, ServerReady, ServerMetadata, ModelMetadata, ModelReady,
// ModelInfer with typed contents and with raw_input_contents), each answer compared with REST's;
// NOT_FOUND for an unknown model, INVALID_ARGUMENT for a wrong shape and for mixed raw and typed
// data. Inputs are built from the model's metadata: batch 1, every -1 dimension 1, deterministic
// pseudo-random values. Without --http, typed and raw gRPC answers are compared with each other.
// Exits 1 with a message per failed check.
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { parseArgs } from 'node:util';
import grpc from '@grpc/grpc-js';
import protoLoader from '@grpc/proto-loader';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({
  options: {
    grpc: { type: 'string' },
    http: { type: 'string' },
    model: { type: 'string' },
    proto: { type: 'string', default: path.join(here, '../../cortado-server/src/main/proto/inference.proto') },
  },
});
if (!args.grpc || !args.model) {
  console.error('usage: oip-client-test.mjs --grpc HOST:PORT [--http HOST:PORT] --model NAME[,NAME...] [--proto FILE]');
  process.exit(2);
}

const CODE = grpc.status;
const FIELD = {
  BOOL: 'bool_contents', INT8: 'int_contents', INT16: 'int_contents', INT32: 'int_contents',
  INT64: 'int64_contents', UINT8: 'uint_contents', UINT16: 'uint_contents', UINT32: 'uint_contents',
  UINT64: 'uint64_contents', FP32: 'fp32_contents', FP64: 'fp64_contents', BYTES: 'bytes_contents',
};
const SIZE = { BOOL: 1, INT8: 1, UINT8: 1, INT16: 2, UINT16: 2, FP16: 2, BF16: 2, INT32: 4, UINT32: 4, FP32: 4, INT64: 8, UINT64: 8, FP64: 8 };

const failures = [];
let passed = 0;
function check(name, condition, detail) {
  if (condition) {
    passed++;
    console.log(`ok   ${name}`);
  } else {
    failures.push(`${name}: ${detail}`);
    console.log(`FAIL ${name}: ${detail}`);
  }
}

const definition = protoLoader.loadSync(args.proto, { keepCase: true, longs: String, enums: String, defaults: true, oneofs: true });
const inference = grpc.loadPackageDefinition(definition).inference;
const client = new inference.GRPCInferenceService(args.grpc, grpc.credentials.createInsecure(), {
  'grpc.max_receive_message_length': 64 * 1024 * 1024,
});

function call(method, request) {
  return new Promise((resolve, reject) => {
    client[method](request, { deadline: Date.now() + 60_000 }, (error, response) => (error ? reject(error) : resolve(response)));
  });
}

async function callStatus(method, request) {
  try {
    await call(method, request);
    return { code: CODE.OK, details: '' };
  } catch (e) {
    return { code: e.code, details: e.details };
  }
}

async function rest(method, urlPath, body) {
  const response = await fetch(`http://${args.http}${urlPath}`, {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : null };
}

// Deterministic pseudo-random numbers (a 32-bit LCG), so every run sends the same inputs.
function generator(seed) {
  let state = seed >>> 0;
  return () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0);
}

function values(datatype, count, next) {
  const out = [];
  for (let i = 0; i < count; i++) {
    const r = next();
    switch (datatype) {
      case 'BOOL': out.push((r & 1) === 1); break;
      case 'INT8': case 'INT16': case 'INT32': case 'INT64': out.push((r % 201) - 100); break;
      case 'UINT8': case 'UINT16': case 'UINT32': case 'UINT64': out.push(r % 201); break;
      case 'FP32': out.push(Math.fround(((r % 20001) - 10000) / 1000)); break;
      case 'FP64': out.push(((r % 2000001) - 1000000) / 1e4); break;
      case 'BYTES': out.push(`s${r % 100000}`); break;
      case 'FP16': case 'BF16': out.push(0x3c00 + (r % 256)); break; // raw 16-bit patterns near 1.0
      default: throw new Error(`unknown datatype ${datatype}`);
    }
  }
  return out;
}

function toRaw(datatype, data) {
  if (datatype === 'BYTES') {
    return Buffer.concat(data.map((s) => {
      const bytes = Buffer.from(s, 'utf8');
      const length = Buffer.alloc(4);
      length.writeUInt32LE(bytes.length);
      return Buffer.concat([length, bytes]);
    }));
  }
  const size = SIZE[datatype];
  const buf = Buffer.alloc(size * data.length);
  data.forEach((v, i) => {
    const at = i * size;
    switch (datatype) {
      case 'BOOL': buf.writeUInt8(v ? 1 : 0, at); break;
      case 'INT8': buf.writeInt8(v, at); break;
      case 'INT16': buf.writeInt16LE(v, at); break;
      case 'INT32': buf.writeInt32LE(v, at); break;
      case 'INT64': buf.writeBigInt64LE(BigInt(v), at); break;
      case 'UINT8': buf.writeUInt8(v, at); break;
      case 'UINT16': case 'FP16': case 'BF16': buf.writeUInt16LE(v, at); break;
      case 'UINT32': buf.writeUInt32LE(v, at); break;
      case 'UINT64': buf.writeBigUInt64LE(BigInt(v), at); break;
      case 'FP32': buf.writeFloatLE(v, at); break;
      case 'FP64': buf.writeDoubleLE(v, at); break;
    }
  });
  return buf;
}

function fromRaw(datatype, buf) {
  const out = [];
  if (datatype === 'BYTES') {
    for (let at = 0; at < buf.length;) {
      const length = buf.readUInt32LE(at);
      out.push(buf.subarray(at + 4, at + 4 + length).toString('utf8'));
      at += 4 + length;
    }
    return out;
  }
  const size = SIZE[datatype];
  for (let at = 0; at + size <= buf.length; at += size) {
    switch (datatype) {
      case 'BOOL': out.push(buf.readUInt8(at) !== 0); break;
      case 'INT8': out.push(buf.readInt8(at)); break;
      case 'INT16': out.push(buf.readInt16LE(at)); break;
      case 'INT32': out.push(buf.readInt32LE(at)); break;
      case 'INT64': out.push(Number(buf.readBigInt64LE(at))); break;
      case 'UINT8': out.push(buf.readUInt8(at)); break;
      case 'UINT16': case 'FP16': case 'BF16': out.push(buf.readUInt16LE(at)); break;
      case 'UINT32': out.push(buf.readUInt32LE(at)); break;
      case 'UINT64': out.push(Number(buf.readBigUInt64LE(at))); break;
      case 'FP32': out.push(buf.readFloatLE(at)); break;
      case 'FP64': out.push(buf.readDoubleLE(at)); break;
    }
  }
  return out;
}

function fromTyped(datatype, contents) {
  const list = contents?.[FIELD[datatype]] ?? [];
  if (datatype === 'BYTES') return list.map((b) => Buffer.from(b).toString('utf8'));
  if (datatype === 'INT64' || datatype === 'UINT64') return list.map(Number);
  return list;
}

function sameValues(datatype, got, want) {
  if (got.length !== want.length) return `${got.length} elements, expected ${want.length}`;
  for (let i = 0; i < got.length; i++) {
    const a = got[i];
    const b = want[i];
    const same = datatype === 'FP32' ? Math.fround(a) === Math.fround(b)
      : datatype === 'FP64' ? Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a), Math.abs(b))
        : a === b;
    if (!same) return `element ${i} is ${a}, expected ${b}`;
  }
  return null;
}

// One output per name: { datatype, shape: [numbers], data: [values] }.
function grpcOutputs(response) {
  const raw = response.raw_output_contents.length > 0;
  return Object.fromEntries(response.outputs.map((o, i) => [o.name, {
    datatype: o.datatype,
    shape: o.shape.map(Number),
    data: raw ? fromRaw(o.datatype, response.raw_output_contents[i]) : fromTyped(o.datatype, o.contents),
  }]));
}

function compareOutputs(label, got, want) {
  check(`${label}: output names`, JSON.stringify(Object.keys(got).sort()) === JSON.stringify(Object.keys(want).sort()),
    `got ${Object.keys(got)}, expected ${Object.keys(want)}`);
  for (const [name, w] of Object.entries(want)) {
    const g = got[name];
    if (!g) continue;
    check(`${label}: ${name} datatype and shape`, g.datatype === w.datatype && JSON.stringify(g.shape) === JSON.stringify(w.shape),
      `got ${g.datatype} ${JSON.stringify(g.shape)}, expected ${w.datatype} ${JSON.stringify(w.shape)}`);
    const problem = sameValues(w.datatype, g.data, w.data);
    check(`${label}: ${name} values`, problem === null, problem);
  }
}

async function checkServer() {
  check('ServerLive', (await call('ServerLive', {})).live === true, 'live is false');
  check('ServerReady', (await call('ServerReady', {})).ready === true, 'ready is false');
  const metadata = await call('ServerMetadata', {});
  check('ServerMetadata name', metadata.name.length > 0, 'empty name');
  if (args.http) {
    const r = await rest('GET', '/v2');
    check('ServerMetadata equals REST GET /v2',
      r.json.name === metadata.name && r.json.version === metadata.version
        && JSON.stringify(r.json.extensions) === JSON.stringify(metadata.extensions),
      `gRPC ${JSON.stringify(metadata)}, REST ${JSON.stringify(r.json)}`);
  }
  const unknown = `no-such-model-${process.pid}`;
  const notFound = await callStatus('ModelInfer', { model_name: unknown });
  check('ModelInfer of an unknown model is NOT_FOUND', notFound.code === CODE.NOT_FOUND, `code ${notFound.code}: ${notFound.details}`);
  const metaNotFound = await callStatus('ModelMetadata', { name: unknown });
  check('ModelMetadata of an unknown model is NOT_FOUND', metaNotFound.code === CODE.NOT_FOUND, `code ${metaNotFound.code}`);
}

async function checkModel(model) {
  const metadata = await call('ModelMetadata', { name: model, version: '' });
  check(`${model}: ModelMetadata names the model`, metadata.name === model, `name ${metadata.name}`);
  check(`${model}: ModelReady`, (await call('ModelReady', { name: model, version: '' })).ready === true, 'not ready');
  if (args.http) {
    const r = await rest('GET', `/v2/models/${model}`);
    const simplify = (ts) => ts.map((t) => `${t.name} ${t.datatype} ${JSON.stringify(t.shape.map(Number))}`);
    check(`${model}: ModelMetadata equals REST`,
      r.json.name === metadata.name && r.json.platform === metadata.platform
        && JSON.stringify(simplify(r.json.inputs)) === JSON.stringify(simplify(metadata.inputs))
        && JSON.stringify(simplify(r.json.outputs)) === JSON.stringify(simplify(metadata.outputs)),
      `gRPC ${JSON.stringify(metadata)}, REST ${JSON.stringify(r.json)}`);
  }

  const next = generator(42);
  const inputs = metadata.inputs.map((t) => {
    const shape = t.shape.map(Number).map((d) => (d < 0 ? 1 : d));
    const count = shape.reduce((a, b) => a * b, 1);
    return { name: t.name, datatype: t.datatype, shape, data: values(t.datatype, count, next) };
  });
  const typedPossible = inputs.every((i) => FIELD[i.datatype]);
  const rawRequest = {
    model_name: model,
    id: 'raw-1',
    inputs: inputs.map((i) => ({ name: i.name, datatype: i.datatype, shape: i.shape })),
    raw_input_contents: inputs.map((i) => toRaw(i.datatype, i.data)),
  };
  const rawAnswer = grpcOutputs(await call('ModelInfer', rawRequest));

  let reference = null;
  if (args.http && typedPossible) {
    const body = { id: 'rest-1', inputs: inputs.map((i) => ({ name: i.name, shape: i.shape, datatype: i.datatype, data: i.data })) };
    const r = await rest('POST', `/v2/models/${model}/infer`, body);
    check(`${model}: REST infer answers 200`, r.status === 200, `${r.status} ${JSON.stringify(r.json)}`);
    if (r.status === 200) {
      reference = Object.fromEntries(r.json.outputs.map((o) => [o.name, { datatype: o.datatype, shape: o.shape, data: [o.data].flat(Infinity) }]));
    }
  }
  if (typedPossible) {
    const typedRequest = {
      model_name: model,
      id: 'typed-1',
      inputs: inputs.map((i) => ({
        name: i.name,
        datatype: i.datatype,
        shape: i.shape,
        contents: { [FIELD[i.datatype]]: i.datatype === 'BYTES' ? i.data.map((s) => Buffer.from(s, 'utf8')) : i.data },
      })),
    };
    const typedResponse = await call('ModelInfer', typedRequest);
    check(`${model}: typed request answered typed (or raw for FP16/BF16 outputs)`,
      typedResponse.raw_output_contents.length === 0 || typedResponse.outputs.some((o) => !FIELD[o.datatype]),
      'raw_output_contents in the answer to a typed request');
    check(`${model}: ModelInfer echoes the id`, typedResponse.id === 'typed-1', `id ${typedResponse.id}`);
    const typedAnswer = grpcOutputs(typedResponse);
    compareOutputs(`${model}: typed gRPC vs ${reference ? 'REST' : 'raw gRPC'}`, typedAnswer, reference ?? rawAnswer);

    // The same data both ways at once is refused.
    const mixed = { ...typedRequest, raw_input_contents: rawRequest.raw_input_contents };
    const m = await callStatus('ModelInfer', mixed);
    check(`${model}: typed and raw data in one request is INVALID_ARGUMENT`, m.code === CODE.INVALID_ARGUMENT, `code ${m.code}: ${m.details}`);
  } else {
    console.log(`note ${model}: an input is FP16/BF16, which travels only raw; typed and REST JSON checks skipped`);
  }
  if (reference) {
    compareOutputs(`${model}: raw gRPC vs REST`, rawAnswer, reference);
  }

  // A wrong shape (one more dimension, same element count) is INVALID_ARGUMENT, with REST's words.
  const bad = { ...rawRequest, inputs: rawRequest.inputs.map((i, k) => (k === 0 ? { ...i, shape: [...i.shape, 1] } : i)) };
  const s = await callStatus('ModelInfer', bad);
  check(`${model}: wrong shape is INVALID_ARGUMENT`, s.code === CODE.INVALID_ARGUMENT, `code ${s.code}: ${s.details}`);
  if (args.http && typedPossible) {
    const body = {
      inputs: inputs.map((i, k) => ({ name: i.name, shape: k === 0 ? [...i.shape, 1] : i.shape, datatype: i.datatype, data: i.data })),
    };
    const r = await rest('POST', `/v2/models/${model}/infer`, body);
    check(`${model}: wrong shape gives the same message over gRPC and REST`, r.status === 400 && r.json.error === s.details,
      `REST ${r.status} ${JSON.stringify(r.json)}, gRPC ${JSON.stringify(s.details)}`);
  }
}

try {
  await checkServer();
  for (const model of args.model.split(',')) {
    await checkModel(model);
  }
} catch (e) {
  failures.push(`unexpected error: ${e.stack ?? e}`);
  console.log(`FAIL unexpected error: ${e.stack ?? e}`);
} finally {
  client.close();
}
if (failures.length > 0) {
  console.error(`\n${failures.length} check(s) failed, ${passed} passed:`);
  failures.forEach((f) => console.error(`  - ${f}`));
  process.exit(1);
}
console.log(`\nall ${passed} checks passed`);
