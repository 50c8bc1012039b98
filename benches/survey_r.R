# Times R `survey` on the records written by `cargo bench --bench survey -- --csv PATH`:
# the share of y = 1 overall and in 20 domains, with svyciprop intervals.
#
# Run: Rscript benches/survey_r.R /tmp/survey-bench.csv
suppressMessages(library(survey))
args <- commandArgs(trailingOnly = TRUE)
path <- if (length(args) > 0) args[1] else "/tmp/survey-bench.csv"

timed <- function(label, expr) {
  seconds <- system.time(value <- force(expr))[["elapsed"]]
  cat(sprintf("%-45s %8.2f s\n", label, seconds))
  invisible(value)
}

cat("R", R.version$major, ".", R.version$minor, ", survey ", as.character(packageVersion("survey")), "\n", sep = "")
data <- timed("read.csv", read.csv(path, colClasses = c("character", "character", "numeric", "numeric", "numeric")))
design <- timed("svydesign (strata, weights, fpc)", svydesign(id = ~1, strata = ~stratum, weights = ~weight, fpc = ~fpc, data = data))
overall <- timed("svyciprop logit, overall", svyciprop(~y, design, method = "logit"))
by_mean <- timed("svyby svymean, 20 domains", svyby(~y, ~domain, design, svymean))
by_logit <- timed("svyby svyciprop logit, 20 domains", svyby(~y, ~domain, design, svyciprop, method = "logit", vartype = "ci"))
by_beta <- timed("svyby svyciprop beta, 20 domains", svyby(~y, ~domain, design, svyciprop, method = "beta", vartype = "ci"))
print(coef(overall), digits = 7)
print(head(by_logit, 2), digits = 7)
