//! Composite indices in the style of the Global Innovation Index.
// TODO: the composite index engine (normalisation, outlier treatment,
// aggregation, ranks, uncertainty and sensitivity analysis) is not built yet.
