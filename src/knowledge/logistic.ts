/** A logistic regression: what the answer model and its gate are. */
export interface Logistic {
  mean: number[];
  std: number[];
  weights: number[];
  bias: number;
}

export function probability(model: Logistic, features: number[]): number {
  return 1 / (1 + Math.exp(-linear(model, features)));
}

/** Each feature's mean and standard deviation over the rows (a constant feature keeps a deviation of 1). */
function standardisation(rows: { features: number[] }[]) {
  const d = rows[0]?.features.length ?? 0;
  const mean = new Array<number>(d).fill(0);
  const std = new Array<number>(d).fill(0);
  for (const r of rows) for (let i = 0; i < d; i++) mean[i]! += r.features[i]! / rows.length;
  for (const r of rows) for (let i = 0; i < d; i++) std[i]! += (r.features[i]! - mean[i]!) ** 2 / rows.length;
  for (let i = 0; i < d; i++) std[i] = Math.sqrt(std[i]!) || 1;
  return { d, mean, std };
}

/**
 * Trains a logistic regression (L2, full-batch gradient descent on standardised features): small and
 * deterministic, so `npm run train:faq` reproduces the committed weights exactly.
 */
export function trainLogistic(
  rows: { features: number[]; label: number }[],
  opts: { l2: number; iterations: number; rate: number },
): Logistic {
  const { d, mean, std } = standardisation(rows);
  const xs = rows.map((r) => r.features.map((v, i) => (v - mean[i]!) / std[i]!));
  const weights = new Array<number>(d).fill(0);
  let bias = 0;
  for (let it = 0; it < opts.iterations; it++) {
    const grad = new Array<number>(d).fill(0);
    let gradBias = 0;
    xs.forEach((x, k) => {
      let z = bias;
      for (let i = 0; i < d; i++) z += weights[i]! * x[i]!;
      const err = 1 / (1 + Math.exp(-z)) - rows[k]!.label;
      for (let i = 0; i < d; i++) grad[i]! += err * x[i]!;
      gradBias += err;
    });
    for (let i = 0; i < d; i++) weights[i]! -= opts.rate * (grad[i]! / rows.length + opts.l2 * weights[i]!);
    bias -= (opts.rate * gradBias) / rows.length;
  }
  return { mean, std, weights, bias };
}

/** The linear score (before the sigmoid or the softmax). */
export function linear(model: Logistic, features: number[]): number {
  let z = model.bias;
  for (let i = 0; i < features.length; i++)
    z += model.weights[i]! * ((features[i]! - model.mean[i]!) / (model.std[i] || 1));
  return z;
}

/**
 * A conditional (listwise) logit: each group is one question's candidates, and the model learns to put the
 * probability mass of a softmax over the group on its positive candidates — choosing among them, which is
 * what answer selection is. Groups without a positive teach nothing here (the gate learns abstention).
 */
export function trainConditional(
  groups: { features: number[]; label: number }[][],
  opts: { l2: number; iterations: number; rate: number },
): Logistic {
  const rows = groups.flat();
  const { d, mean, std } = standardisation(rows);
  const learning = groups
    .filter((g) => g.some((r) => r.label))
    .map((g) => g.map((r) => ({ x: r.features.map((v, i) => (v - mean[i]!) / std[i]!), label: r.label })));
  const weights = new Array<number>(d).fill(0);
  for (let it = 0; it < opts.iterations; it++) {
    const grad = new Array<number>(d).fill(0);
    for (const g of learning) {
      const z = g.map((r) => r.x.reduce((s, v, i) => s + v * weights[i]!, 0));
      const top = Math.max(...z);
      const e = z.map((v) => Math.exp(v - top));
      const sum = e.reduce((a, b) => a + b, 0);
      const positives = g.filter((r) => r.label).length;
      g.forEach((r, j) => {
        const diff = e[j]! / sum - r.label / positives;
        for (let i = 0; i < d; i++) grad[i]! += diff * r.x[i]!;
      });
    }
    for (let i = 0; i < d; i++) weights[i]! -= opts.rate * (grad[i]! / (learning.length || 1) + opts.l2 * weights[i]!);
  }
  return { mean, std, weights, bias: 0 };
}
