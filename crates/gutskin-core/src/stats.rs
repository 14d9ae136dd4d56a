//! The small amount of statistics the insights need: means, variances, Student's t
//! distribution, Welch's two-sample comparison and Benjamini–Hochberg adjustment.
//!
//! Written here rather than taken from a crate because it is about a hundred lines of
//! well-known numerics (Lanczos log-gamma, Lentz's continued fraction for the incomplete
//! beta function), checked in the tests against values computed independently with SciPy.

pub fn mean(values: &[f64]) -> f64 {
    values.iter().sum::<f64>() / values.len() as f64
}

/// Sample variance (divides by n − 1).
pub fn variance(values: &[f64]) -> f64 {
    let m = mean(values);
    values.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / (values.len() as f64 - 1.0)
}

/// ln Γ(x) for x > 0 (Lanczos approximation, g = 7, n = 9; about 15 significant digits).
pub fn ln_gamma(x: f64) -> f64 {
    const COEF: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        // Reflection keeps the series in its accurate range.
        let pi = std::f64::consts::PI;
        return (pi / (pi * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut sum = COEF[0];
    for (i, c) in COEF.iter().enumerate().skip(1) {
        sum += c / (x + i as f64);
    }
    let t = x + 7.5;
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + sum.ln()
}

/// The regularized incomplete beta function I_x(a, b).
pub fn incomplete_beta(x: f64, a: f64, b: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let ln_front = ln_gamma(a + b) - ln_gamma(a) - ln_gamma(b) + a * x.ln() + b * (1.0 - x).ln();
    // The continued fraction converges fast for x < (a + 1) / (a + b + 2); use symmetry otherwise.
    if x < (a + 1.0) / (a + b + 2.0) {
        ln_front.exp() * beta_fraction(x, a, b) / a
    } else {
        1.0 - ln_front.exp() * beta_fraction(1.0 - x, b, a) / b
    }
}

/// Lentz's evaluation of the continued fraction for the incomplete beta function.
fn beta_fraction(x: f64, a: f64, b: f64) -> f64 {
    const TINY: f64 = 1e-300;
    const EPS: f64 = 1e-15;
    let mut c = 1.0;
    let mut d = 1.0 - (a + b) * x / (a + 1.0);
    if d.abs() < TINY {
        d = TINY;
    }
    d = 1.0 / d;
    let mut h = d;
    for m in 1..500 {
        let m = f64::from(m);
        let m2 = 2.0 * m;
        // Even step.
        let num = m * (b - m) * x / ((a + m2 - 1.0) * (a + m2));
        d = 1.0 + num * d;
        d = if d.abs() < TINY { TINY } else { d };
        c = 1.0 + num / c;
        c = if c.abs() < TINY { TINY } else { c };
        d = 1.0 / d;
        h *= d * c;
        // Odd step.
        let num = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1.0));
        d = 1.0 + num * d;
        d = if d.abs() < TINY { TINY } else { d };
        c = 1.0 + num / c;
        c = if c.abs() < TINY { TINY } else { c };
        d = 1.0 / d;
        let step = d * c;
        h *= step;
        if (step - 1.0).abs() < EPS {
            break;
        }
    }
    h
}

/// P(T ≤ t) for Student's t with `df` degrees of freedom (df may be fractional, as in Welch).
pub fn t_cdf(t: f64, df: f64) -> f64 {
    let tail = 0.5 * incomplete_beta(df / (df + t * t), df / 2.0, 0.5);
    if t >= 0.0 {
        1.0 - tail
    } else {
        tail
    }
}

/// The `p` quantile of Student's t (0 < p < 1), by bisection on the CDF: slow by numerics
/// standards, but the insights need it a handful of times per screen.
pub fn t_quantile(p: f64, df: f64) -> f64 {
    let (mut low, mut high) = (-1e3, 1e3);
    for _ in 0..200 {
        let mid = 0.5 * (low + high);
        if t_cdf(mid, df) < p {
            low = mid;
        } else {
            high = mid;
        }
        if high - low < 1e-12 {
            break;
        }
    }
    0.5 * (low + high)
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
/// sides have no spread at all (the interval would be meaningless).
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
    let p = (2.0 * (1.0 - t_cdf(t.abs(), df))).clamp(0.0, 1.0);
    let margin = t_quantile(0.975, df) * se;
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

    #[test]
    fn ln_gamma_matches_known_values() {
        close(ln_gamma(1.0), 0.0, 1e-13);
        close(ln_gamma(0.5), std::f64::consts::PI.sqrt().ln(), 1e-13);
        close(ln_gamma(10.0), 362_880f64.ln(), 1e-11);
    }

    // The expected values below were computed independently with SciPy 1.x:
    //   stats.t.cdf(1.5, 7.3), stats.t.cdf(-2.1, 3), stats.t.cdf(0.3, 120.5),
    //   stats.t.ppf(.975, 4), stats.t.ppf(.975, 11.7), stats.t.ppf(.975, 1000).
    #[test]
    fn t_distribution_matches_scipy() {
        close(t_cdf(1.5, 7.3), 0.912218453598457, 1e-10);
        close(t_cdf(-2.1, 3.0), 0.0632826012748423, 1e-10);
        close(t_cdf(0.3, 120.5), 0.617652970071037, 1e-10);
        close(t_cdf(0.0, 5.0), 0.5, 1e-12);
        close(t_quantile(0.975, 4.0), 2.77644510519779, 1e-9);
        close(t_quantile(0.975, 11.7), 2.1850251545533, 1e-9);
        close(t_quantile(0.975, 1000.0), 1.96233908082641, 1e-9);
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
