package org.pveaudit.model;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;

/**
 * A resource pool ({@code a}, {@code a/b}, {@code a/b/c}) with its member guests and storages. VM ids
 * are kept as Proxmox keys them: decimal text of any length (see {@link #vmidOf}).
 */
public record Pool(String id, String comment, List<String> vms, List<String> storages) {

    /** The largest value a Perl integer (UV) holds; longer digit strings become floating point. */
    private static final String UV_MAX = "18446744073709551615";

    public Pool {
        vms = List.copyOf(vms == null ? List.of() : vms);
        storages = List.copyOf(storages == null ? List.of() : storages);
    }

    /** The ACL path of the pool object. */
    public String path() {
        return "/pool/" + id;
    }

    /**
     * The VM id Proxmox records for a string of ASCII digits: {@code int($vmid)} in Perl. Leading zeros
     * go; any number up to 2^64-1 stays exact (VM ids are not 32-bit); beyond that Perl holds a double
     * and prints it with 15 significant digits ({@code 1e+20}), or {@code Inf}.
     */
    public static String vmidOf(String digits) {
        int i = 0;
        while (i < digits.length() - 1 && digits.charAt(i) == '0') {
            i++;
        }
        String d = digits.substring(i);
        if (d.length() < UV_MAX.length() || (d.length() == UV_MAX.length() && d.compareTo(UV_MAX) <= 0)) {
            return d;
        }
        double v = Double.parseDouble(d);
        if (Double.isInfinite(v)) {
            return "Inf";
        }
        // %.15g of a value >= 1e19 is always in exponent form
        BigDecimal r = new BigDecimal(v).round(new MathContext(15, RoundingMode.HALF_EVEN)).stripTrailingZeros();
        String u = r.unscaledValue().toString();
        int exponent = u.length() - 1 - r.scale();
        String mantissa = u.length() == 1 ? u : u.charAt(0) + "." + u.substring(1);
        return mantissa + "e+" + (exponent < 10 ? "0" : "") + exponent;
    }
}
