/** Opens one onnxruntime-node session through the ort-cpu backend and prints this process's pid. */
import { ortCpuBackend } from '../src/ort-cpu.ts';
import { tinyModelBytes } from '../src/tiny-model.ts';

const loaded = await ortCpuBackend.load({ path: 'tiny.onnx', bytes: tinyModelBytes() }, { precision: ortCpuBackend.planPrecision('fp32'), threads: 1 });
await loaded.dispose();
process.stdout.write(`${process.pid}\n`);
