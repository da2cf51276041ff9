package org.pveaudit.campaign;

/**
 * A mistake in what a reviewer or operator gave a review command (a campaign name, a reviewer map, a filled
 * workbook); the message is one line naming the file and where in it, and nothing is stored.
 */
public final class ReviewInputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ReviewInputException(String message) {
        super(message);
    }
}
