import fc from 'fast-check';

/**
 * Properties run on a fixed seed, so that a run is repeatable and a failure is reproduced by
 * running again. `FC_SEED=<n>` explores other inputs; `FC_SEED=random` lets fast-check choose
 * (it prints the seed of any failure).
 */
const given = process.env.FC_SEED;
if (given !== 'random') {
  const seed = given === undefined ? 20261202 : Number(given);
  if (!Number.isSafeInteger(seed))
    throw new Error(`FC_SEED must be an integer or "random", got ${given}`);
  fc.configureGlobal({ seed });
}
