//! The small amount of statistics the insights need: means, variances, Welch's two-sample
//! comparison and Benjamini–Hochberg adjustment.
//!
//! Student's t distribution comes from `statrs` (its CDF and an unbounded inverse CDF); the
//! tests check it, and everything built on it, against values computed independently with
//! SciPy.

use statrs::distribution::{ContinuousCDF, StudentsT};

pub fn mean(values: &[f64]) -> f64 {
    values.iter().sum::<f64>() / values.len() as f64
}

/// Sample variance (divides by n − 1).
pub fn variance(values: &[f64]) -> f64 {
    let m = mean(values);
    values.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / (values.len() as f64 - 1.0)
}

/// Student's t distribution with `df` degrees of freedom (fractional, as in Welch, and possibly
/// below 1 once an autocorrelation inflation divides it); `None` for a `df` that is not a
/// positive finite number.
fn students_t(df: f64) -> Option<StudentsT> {
    if !(df > 0.0 && df.is_finite()) {
        return None;
    }
    StudentsT::new(0.0, 1.0, df).ok()
}

/// P(T ≤ t) for Student's t with `df` degrees of freedom.
pub fn t_cdf(t: f64, df: f64) -> Option<f64> {
    students_t(df).map(|d| d.cdf(t))
}

/// The `p` quantile of Student's t (0 < p < 1). Unbounded: with df below 1 the 97.5% point
/// runs into the hundreds or thousands, and an interval built on it must say so.
pub fn t_quantile(p: f64, df: f64) -> Option<f64> {
    if !(p > 0.0 && p < 1.0) {
        return None;
    }
    students_t(df).map(|d| d.inverse_cdf(p))
}

/// Welch's comparison of two independent samples' means.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Welch {
    /// mean(a) − mean(b).
    pub difference: f64,
    pub standard_error: f64,
    pub df: f64,
    pub t: f64,
    /// Two-sided p-value.
    pub p: f64,
    /// 95% confidence interval for the difference.
    pub ci_low: f64,
    pub ci_high: f64,
}

/// Welch's t-test of mean(a) − mean(b). `None` when a side has fewer than two values or both
/// sides have no spread at all (the interval would be meaningless), or the numbers overflow.
pub fn welch(a: &[f64], b: &[f64]) -> Option<Welch> {
    welch_inflated(a, b, 1.0)
}

/// Welch's comparison with the variance of the difference multiplied by `inflation` (≥ 1)
/// and the degrees of freedom divided by it: the usual allowance for samples whose
/// neighbouring values are correlated, which makes plain Welch intervals too narrow.
pub fn welch_inflated(a: &[f64], b: &[f64], inflation: f64) -> Option<Welch> {
    if a.len() < 2 || b.len() < 2 {
        return None;
    }
    let (na, nb) = (a.len() as f64, b.len() as f64);
    let (va, vb) = (variance(a) / na, variance(b) / nb);
    let se2 = va + vb;
    if se2 <= 0.0 || !se2.is_finite() {
        return None;
    }
    let inflation = inflation.max(1.0);
    let se = (se2 * inflation).sqrt();
    let difference = mean(a) - mean(b);
    let df = se2 * se2 / (va * va / (na - 1.0) + vb * vb / (nb - 1.0)) / inflation;
    let t = difference / se;
    let p = (2.0 * (1.0 - t_cdf(t.abs(), df)?)).clamp(0.0, 1.0);
    let margin = t_quantile(0.975, df)? * se;
    if !margin.is_finite() {
        return None;
    }
    Some(Welch {
        difference,
        standard_error: se,
        df,
        t,
        p,
        ci_low: difference - margin,
        ci_high: difference + margin,
    })
}

/// The lag-1 autocorrelation of a series in order (0 for fewer than 3 values or no spread).
pub fn lag1_autocorrelation(values: &[f64]) -> f64 {
    if values.len() < 3 {
        return 0.0;
    }
    let m = mean(values);
    let denominator: f64 = values.iter().map(|v| (v - m) * (v - m)).sum();
    if denominator <= 0.0 {
        return 0.0;
    }
    let numerator: f64 = values.windows(2).map(|w| (w[0] - m) * (w[1] - m)).sum();
    numerator / denominator
}

/// Benjamini–Hochberg adjusted p-values, in the order given.
pub fn benjamini_hochberg(p_values: &[f64]) -> Vec<f64> {
    let m = p_values.len();
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&i, &j| p_values[i].total_cmp(&p_values[j]));
    let mut adjusted = vec![0.0; m];
    let mut running_min = 1.0f64;
    for (rank, &index) in order.iter().enumerate().rev() {
        let value = p_values[index] * m as f64 / (rank + 1) as f64;
        running_min = running_min.min(value);
        adjusted[index] = running_min.min(1.0);
    }
    adjusted
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(actual: f64, expected: f64, tolerance: f64) {
        assert!(
            (actual - expected).abs() <= tolerance,
            "{actual} differs from {expected} by more than {tolerance}"
        );
    }

    // The expected values below were computed independently with SciPy 1.x:
    //   stats.t.cdf(1.5, 7.3), stats.t.cdf(-2.1, 3), stats.t.cdf(0.3, 120.5),
    //   stats.t.ppf(.975, 4), stats.t.ppf(.975, 11.7), stats.t.ppf(.975, 1000).
    #[test]
    fn t_distribution_matches_scipy() {
        let cdf = |t, df| t_cdf(t, df).unwrap();
        let ppf = |p, df| t_quantile(p, df).unwrap();
        close(cdf(1.5, 7.3), 0.912218453598457, 1e-10);
        close(cdf(-2.1, 3.0), 0.0632826012748423, 1e-10);
        close(cdf(0.3, 120.5), 0.617652970071037, 1e-10);
        close(cdf(0.0, 5.0), 0.5, 1e-12);
        close(ppf(0.975, 4.0), 2.77644510519779, 1e-9);
        close(ppf(0.975, 11.7), 2.1850251545533, 1e-9);
        close(ppf(0.975, 1000.0), 1.96233908082641, 1e-9);
    }

    // Below one degree of freedom the 97.5% point is far out: the earlier bisection searched
    // only [-1000, 1000] and returned 1000 for df = 0.3, clipping the interval silently.
    // Reference values from SciPy 1.17.1 (`pip install scipy`), printed with repr():
    //   stats.t.ppf(0.975, 0.5) = 164.55767348048818
    //   stats.t.ppf(0.975, 0.3) = 6582.0356994007525
    //   stats.t.ppf(0.975, 0.2) = 768848.4797012262
    //   stats.t.cdf(-2.0, 0.5)  = 0.22275744509156564
    #[test]
    fn the_t_quantile_is_not_clipped_below_one_degree_of_freedom() {
        let ppf = |p, df| t_quantile(p, df).unwrap();
        close(ppf(0.975, 0.5), 164.55767348048818, 164.56 * 1e-9);
        close(ppf(0.975, 0.3), 6582.0356994007525, 6582.04 * 1e-9);
        // statrs's inverse CDF agrees to about 5e-9 relative this far out.
        close(ppf(0.975, 0.2), 768848.4797012262, 768848.5 * 1e-8);
        close(t_cdf(-2.0, 0.5).unwrap(), 0.22275744509156564, 1e-10);
    }

    // The Welch example below with an inflation of 20: df = 8.19672131147541 / 20. NumPy and
    // SciPy 1.17.1: se = sqrt((var(a)/6 + var(b)/5) * 20), m = stats.t.ppf(0.975, df) * se
    // gave df = 0.4098360655737704 and the interval (-557.201650441744, 555.201650441744).
    #[test]
    fn a_heavily_inflated_interval_is_as_wide_as_it_really_is() {
        let a = [1.0, 1.5, 0.5, 1.25, 1.0, 0.75];
        let b = [2.0, 1.5, 2.5, 1.75, 2.25];
        let w = welch_inflated(&a, &b, 20.0).unwrap();
        close(w.df, 0.4098360655737704, 1e-12);
        close(w.ci_low, -557.201650441744, 1e-6);
        close(w.ci_high, 555.201650441744, 1e-6);
    }

    #[test]
    fn no_distribution_without_positive_finite_degrees_of_freedom() {
        for df in [0.0, -1.0, f64::NAN, f64::INFINITY] {
            assert_eq!(t_cdf(1.0, df), None, "{df}");
            assert_eq!(t_quantile(0.975, df), None, "{df}");
        }
        assert_eq!(t_quantile(0.0, 3.0), None);
        assert_eq!(t_quantile(1.0, 3.0), None);
    }

    // SciPy: r = stats.ttest_ind(a, b, equal_var=False); r.confidence_interval(0.95)
    // gave t = -4.38178046004133, p = 0.00221047451550963, df = 8.19672131147541,
    // CI = (-1.52408061009376, -0.475919389906239); mean(a) - mean(b) = -1.
    #[test]
    fn welch_matches_scipy() {
        let a = [1.0, 1.5, 0.5, 1.25, 1.0, 0.75];
        let b = [2.0, 1.5, 2.5, 1.75, 2.25];
        let w = welch(&a, &b).unwrap();
        close(w.difference, -1.0, 1e-12);
        close(w.t, -4.38178046004133, 1e-10);
        close(w.df, 8.19672131147541, 1e-10);
        close(w.p, 0.00221047451550963, 1e-10);
        close(w.ci_low, -1.52408061009376, 1e-9);
        close(w.ci_high, -0.475919389906239, 1e-9);
    }

    #[test]
    fn welch_needs_two_values_a_side_and_some_spread() {
        assert!(welch(&[1.0], &[2.0, 3.0]).is_none());
        assert!(welch(&[1.0, 1.0], &[2.0, 2.0]).is_none());
        // Spread on one side is enough.
        assert!(welch(&[1.0, 1.0], &[2.0, 3.0]).is_some());
    }

    // SciPy: stats.false_discovery_control([0.01, 0.04, 0.03, 0.20, 0.5, 0.001], method='bh')
    // gave [0.03, 0.06, 0.06, 0.24, 0.5, 0.006].
    #[test]
    fn benjamini_hochberg_matches_scipy() {
        let adjusted = benjamini_hochberg(&[0.01, 0.04, 0.03, 0.20, 0.5, 0.001]);
        for (a, e) in adjusted.iter().zip([0.03, 0.06, 0.06, 0.24, 0.5, 0.006]) {
            close(*a, e, 1e-12);
        }
        assert!(benjamini_hochberg(&[]).is_empty());
        assert_eq!(benjamini_hochberg(&[0.9, 0.95]), vec![0.95, 0.95]);
    }

    // NumPy: x = np.array([1, 2, 4, 3, 5, 6, 4.]); m = x.mean();
    // ((x[:-1]-m)*(x[1:]-m)).sum() / ((x-m)**2).sum() printed with %.15g: 0.384792626728111.
    #[test]
    fn lag1_autocorrelation_matches_numpy() {
        close(
            lag1_autocorrelation(&[1.0, 2.0, 4.0, 3.0, 5.0, 6.0, 4.0]),
            0.384792626728111,
            1e-12,
        );
        close(lag1_autocorrelation(&[0.0, 1.0, 0.0, 1.0]), -0.75, 1e-12);
        assert_eq!(lag1_autocorrelation(&[2.0, 2.0, 2.0]), 0.0);
        assert_eq!(lag1_autocorrelation(&[1.0, 2.0]), 0.0);
    }

    #[test]
    fn inflation_widens_the_interval_and_an_inflation_of_one_is_plain_welch() {
        let a = [1.0, 1.5, 0.5, 1.25, 1.0, 0.75];
        let b = [2.0, 1.5, 2.5, 1.75, 2.25];
        assert_eq!(welch_inflated(&a, &b, 1.0), welch(&a, &b));
        let plain = welch(&a, &b).unwrap();
        let wide = welch_inflated(&a, &b, 4.0).unwrap();
        close(wide.standard_error, 2.0 * plain.standard_error, 1e-12);
        close(wide.df, plain.df / 4.0, 1e-12);
        assert!(wide.p > plain.p && wide.ci_low < plain.ci_low);
        // Below one is treated as one: correlation never narrows the interval.
        assert_eq!(welch_inflated(&a, &b, 0.2), welch(&a, &b));
    }
}
