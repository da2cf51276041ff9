package org.pveaudit.source.usercfg;

/** A malformed line of a known record type in strict mode; the message is one line naming file, line and field. */
public final class UserCfgException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient ParseWarning problem;

    public UserCfgException(ParseWarning problem) {
        super(problem.toString());
        this.problem = problem;
    }

    /** File, line and message of the offending line. */
    public ParseWarning problem() {
        return problem;
    }
}
