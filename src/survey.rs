//! Design-based estimates of shares from enterprise survey microdata.
// TODO: the survey estimator (strata, clusters, Taylor linearisation and the
// confidence intervals of R `survey`) is not built yet.
