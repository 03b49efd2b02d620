//! The length model of Gale & Church (1993): a translation's length in characters is roughly the
//! source length times a ratio, with a variance that grows with the length.

/// Cost (a negative log probability) that a source span of `src_len` characters and a target span
/// of `tgt_len` characters are translations, given the ratio (target characters per source
/// character) and the variance per character.
#[inline]
pub fn length_cost(src_len: f32, tgt_len: f32, ratio: f32, variance: f32) -> f32 {
    tail_cost(length_z(src_len, tgt_len, ratio, variance).abs())
}

/// Step of the table of [`tail_cost`].
const STEP: f32 = 0.01;
/// Entries of the table: |δ| up to 8, where the cost reaches its cap.
const ENTRIES: usize = 801;

/// `-ln(2 (1 - Φ(x)))` for `x ≥ 0`, capped at `-ln(1e-12)`: read by linear interpolation from a
/// table computed once (the search asks for it millions of times).
#[inline]
pub fn tail_cost(x: f32) -> f32 {
    static TABLE: std::sync::OnceLock<Vec<f32>> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        (0..ENTRIES)
            .map(|k| exact_tail_cost(f64::from(k as f32 * STEP)) as f32)
            .collect()
    });
    let pos = (x.max(0.0) / STEP).min((ENTRIES - 1) as f32);
    if !pos.is_finite() {
        return table[ENTRIES - 1];
    }
    let k = (pos as usize).min(ENTRIES - 2);
    let frac = pos - k as f32;
    table[k] + (table[k + 1] - table[k]) * frac
}

fn exact_tail_cost(x: f64) -> f64 {
    let p = 2.0 * (1.0 - normal_cdf(x));
    -(p.max(1e-12)).ln()
}

/// Gale & Church's δ: the target length's deviation from the expected one, in standard deviations.
pub fn length_z(src_len: f32, tgt_len: f32, ratio: f32, variance: f32) -> f32 {
    if src_len == 0.0 && tgt_len == 0.0 {
        return 0.0;
    }
    let mean = (src_len + tgt_len / ratio) / 2.0;
    (tgt_len - src_len * ratio) / (variance * mean.max(1.0)).sqrt()
}

/// The standard normal distribution function, by the Abramowitz–Stegun approximation of erf
/// (absolute error below 1.5e-7).
pub fn normal_cdf(x: f64) -> f64 {
    0.5 * (1.0 + erf(x / std::f64::consts::SQRT_2))
}

fn erf(x: f64) -> f64 {
    let sign = if x < 0.0 { -1.0 } else { 1.0 };
    let x = x.abs();
    let t = 1.0 / (1.0 + 0.327_591_1 * x);
    let poly = t
        * (0.254_829_592
            + t * (-0.284_496_736
                + t * (1.421_413_741 + t * (-1.453_152_027 + t * 1.061_405_429))));
    sign * (1.0 - poly * (-x * x).exp())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_lengths_cost_little_and_unequal_cost_more() {
        let same = length_cost(100.0, 110.0, 1.1, 6.8);
        let off = length_cost(100.0, 40.0, 1.1, 6.8);
        assert!(same < 0.1, "{same}");
        assert!(off > same + 3.0, "{off}");
    }

    #[test]
    fn the_table_is_close_to_the_exact_cost() {
        for k in 0..700 {
            let x = k as f32 * 0.0137;
            let exact = exact_tail_cost(f64::from(x)) as f32;
            assert!((tail_cost(x) - exact).abs() < 0.02, "{x}");
        }
        assert!(tail_cost(f32::INFINITY).is_finite());
        assert!(tail_cost(f32::NAN).is_finite());
    }

    #[test]
    fn normal_cdf_is_close() {
        assert!((normal_cdf(0.0) - 0.5).abs() < 1e-7);
        assert!((normal_cdf(1.96) - 0.975).abs() < 1e-3);
    }
}
