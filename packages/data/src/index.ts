export { Dataset, type DatasetLike, type BatchGettable } from './dataset.js';
export { TensorDataset } from './tensor-dataset.js';
export { Subset } from './subset.js';
export { ConcatDataset } from './concat-dataset.js';
export { randomSplit } from './random-split.js';
export { DataLoader, type DataLoaderOptions } from './dataloader.js';
export { defaultCollate, type Collated } from './collate.js';
export type { RandomOptions } from './rng.js';

export type { Sampler, BatchSamplerLike, Sized } from './samplers/sampler.js';
export { SequentialSampler } from './samplers/sequential-sampler.js';
export { RandomSampler, type RandomSamplerOptions } from './samplers/random-sampler.js';
export { BatchSampler } from './samplers/batch-sampler.js';
export { SubsetRandomSampler } from './samplers/subset-random-sampler.js';
export { WeightedRandomSampler, type WeightedRandomSamplerOptions } from './samplers/weighted-random-sampler.js';

export { trainTestSplit, type TrainTestSplitOptions, type Splittable } from './preprocessing/train-test-split.js';
export { StandardScaler, type StandardScalerOptions } from './preprocessing/standard-scaler.js';
export { MinMaxScaler, type MinMaxScalerOptions } from './preprocessing/min-max-scaler.js';
export { oneHot, type OneHotOptions } from './preprocessing/one-hot.js';

export { parseIdx, IdxFormatError, type IdxFile } from './datasets/idx.js';
export { MNIST, MnistDataset, loadMnistArrays, MNIST_MEAN, MNIST_STD, type MnistOptions, type MnistArrays } from './datasets/mnist.js';
export { noisySine, type NoisySineOptions } from './datasets/noisy-sine.js';
export { deliveryTimes, DELIVERY_FEATURES, type DeliveryTimesOptions } from './datasets/delivery-times.js';
export { makeClassification, type MakeClassificationOptions } from './datasets/make-classification.js';
export { makeRegression, type MakeRegressionOptions } from './datasets/make-regression.js';
export { makeMoons, type MakeMoonsOptions } from './datasets/make-moons.js';
export { makeBlobs, type MakeBlobsOptions } from './datasets/make-blobs.js';
