package dev.hookbook.nn;

import java.math.BigDecimal;

/** Numbers printed as Python prints them, so reprs match PyTorch's text. */
final class Repr {
    private Repr() {}

    /** Python's repr of a float: {@code 0.5}, {@code 1.0}, {@code 1e-05}, {@code 0.001}. */
    static String pyFloat(float v) {
        if (Float.isNaN(v)) return "nan";
        if (Float.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        if (v == 0f) return (1f / v < 0 ? "-" : "") + "0.0";
        // Float.toString gives the short decimal that reads back to v, as Python's repr does for its double.
        BigDecimal d = new BigDecimal(Float.toString(Math.abs(v))).stripTrailingZeros();
        String sign = v < 0 ? "-" : "";
        int exponent = d.precision() - d.scale() - 1;
        if (exponent < -4 || exponent >= 16) {
            String digits = d.unscaledValue().toString();
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
        }
        String plain = d.toPlainString();
        return sign + (plain.contains(".") ? plain : plain + ".0");
    }

    /** A Python bool. */
    static String pyBool(boolean b) {
        return b ? "True" : "False";
    }
}
