package org.pveaudit.model;

/** A number with its noun, in agreement: "1 pool", "2 pools", "0 rules" (messages, reports, mail). */
public final class Count {

    private Count() {
    }

    /** {@code n} and the noun, with an "s" unless {@code n} is 1. */
    public static String of(long n, String noun) {
        return of(n, noun, noun + "s");
    }

    /** {@code n} and {@code one} when it is 1, {@code many} otherwise ("1 ACL entry", "3 ACL entries"). */
    public static String of(long n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }
}
