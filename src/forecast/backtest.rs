//! Backtests of the count models (filled in below).
