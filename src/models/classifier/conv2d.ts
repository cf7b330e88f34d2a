/**
 * A 2-D convolution (stride 1, 'valid' padding) whose gradients are themselves
 * forward convolutions, so it trains on every backend.
 *
 * Why: tfjs's wasm backend has no `Conv2DBackpropFilter` kernel, so the stock
 * gradient of `tf.conv2d` throws there, and its `Conv2DBackpropInput` kernel is
 * a plain loop about 6x slower than the same product done as a forward
 * convolution (the forward `Conv2D` kernel runs on XNNPACK). With
 * y[b,i,j,o] = Σ_{p,q,c} x[b,i+p,j+q,c]·w[p,q,c,o]:
 *
 * - the filter gradient dw[p,q,c,o] = Σ_{b,i,j} x[b,i+p,j+q,c]·dy[b,i,j,o] is a
 *   convolution of x (channels and batch swapped) with dy as the filter;
 * - the input gradient dx is a 'full' convolution of dy with the filter turned
 *   by 180° and its in/out channels swapped.
 */
import * as tf from '@tensorflow/tfjs';

/** dw: x [b,h,w,c] convolved with dy [b,ho,wo,o] over the batch, as [k,k,c,o]. */
function filterGradient(x: tf.Tensor4D, dy: tf.Tensor4D): tf.Tensor4D {
  const xByChannel = tf.transpose(x, [3, 1, 2, 0]); // [c, h, w, b]
  const dyAsFilter = tf.transpose(dy, [1, 2, 0, 3]); // [ho, wo, b, o]
  const dw = tf.conv2d(xByChannel, dyAsFilter, 1, 'valid'); // [c, k, k, o]
  return tf.transpose(dw, [1, 2, 0, 3]);
}

/** dx: dy [b,ho,wo,o] padded by k−1 and convolved with the turned filter, as [b,h,w,c]. */
function inputGradient(dy: tf.Tensor4D, filter: tf.Tensor4D): tf.Tensor4D {
  const [kh, kw] = filter.shape;
  const turned = tf.transpose(tf.reverse(filter, [0, 1]), [0, 1, 3, 2]); // [k, k, o, c]
  return tf.conv2d(dy, turned, 1, [
    [0, 0],
    [kh - 1, kh - 1],
    [kw - 1, kw - 1],
    [0, 0],
  ]);
}

/**
 * conv2d(x, filter), stride 1, 'valid': x [b,h,w,c], filter [k,k,c,o] gives
 * [b, h−k+1, w−k+1, o]. With `inputGradient: false` (for the input images,
 * which need none) only the filter receives a gradient, and none is computed for x.
 */
export function conv2dValid(
  x: tf.Tensor4D,
  filter: tf.Tensor4D,
  options: { inputGradient?: boolean } = {},
): tf.Tensor4D {
  if (options.inputGradient === false) {
    const onFilter = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
      const [w, save] = args as [tf.Tensor4D, tf.GradSaveFunc];
      // Saved tensors are kept for the backward pass (x may be a temporary).
      save([x]);
      return {
        value: tf.conv2d(x, w, 1, 'valid'),
        gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => [
          filterGradient(saved[0] as tf.Tensor4D, dy as tf.Tensor4D),
        ],
      };
    });
    return onFilter(filter) as tf.Tensor4D;
  }
  const onBoth = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [input, w, save] = args as [tf.Tensor4D, tf.Tensor4D, tf.GradSaveFunc];
    save([input, w]);
    return {
      value: tf.conv2d(input, w, 1, 'valid'),
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
        const [savedInput, savedFilter] = saved as [tf.Tensor4D, tf.Tensor4D];
        const g = dy as tf.Tensor4D;
        return [inputGradient(g, savedFilter), filterGradient(savedInput, g)];
      },
    };
  });
  return onBoth(x, filter) as tf.Tensor4D;
}
