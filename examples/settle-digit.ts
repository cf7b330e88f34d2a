/**
 * Build a three-area cortex, recognize an MNIST digit with one feedforward
 * sweep, settle it by predictive coding (predictions down, errors up) for 20
 * iterations, then lesion the feedback pathways and settle again.
 *
 *   npx tsx examples/settle-digit.ts
 */
import { buildHierarchy, defaultHierarchySpec, initBackend, loadMnist } from 'neocortex-sim';

const backend = await initBackend();
console.log(`backend: ${backend.description}`);

const { test } = await loadMnist();
const digit = test.images.subarray(0, 784); // the first test image
const cortex = buildHierarchy(defaultHierarchySpec(1)); // sensory 784 - middle 256 - top 32

const top = cortex.recognize(digit); // one bottom-up sweep
console.log(`recognized: the top area holds ${top.shape[1]} values`);

const intact = cortex.settle(digit, { iterations: 20, stepSize: 0.1 });
intact.freeEnergy.forEach((f, i) => console.log(`iteration ${i + 1}: free energy ${f.toFixed(2)}`));

// What the sensory area expects, read from the activity stream.
const predictions: Float32Array[] = [];
cortex.activity$.subscribe((s) => {
  if (s.area === 'sensory' && s.kind === 'prediction') predictions.push(s.values);
});
const meanAbsDifference = (a: Float32Array, b: Float32Array) =>
  a.reduce((sum, v, i) => sum + Math.abs(v - b[i]!), 0) / a.length;

cortex.settle(digit, { iterations: 1 });
const anotherDigit = test.images.subarray(784 * 1500, 784 * 1501);
cortex.settle(anotherDigit, { iterations: 1 });
console.log(
  `intact: predictions for two digits differ by ${meanAbsDifference(predictions[0]!, predictions[1]!).toFixed(4)} per pixel`,
);

for (const pathway of cortex.pathwaysOfKind('feedback')) pathway.lesion();
const lesioned = cortex.settle(digit, { iterations: 20, stepSize: 0.1 });
console.log(
  `feedback lesioned: free energy ${lesioned.freeEnergy[0]!.toFixed(2)} -> ${lesioned.freeEnergy.at(-1)!.toFixed(2)}` +
    ` (intact: ${intact.freeEnergy[0]!.toFixed(2)} -> ${intact.freeEnergy.at(-1)!.toFixed(2)})`,
);
predictions.length = 0;
cortex.settle(digit, { iterations: 1 });
cortex.settle(anotherDigit, { iterations: 1 });
console.log(
  `lesioned: predictions for two digits differ by ${meanAbsDifference(predictions[0]!, predictions[1]!).toFixed(4)} per pixel (the prior's prediction, whatever the input)`,
);
cortex.dispose();
