package org.pveaudit.report;

import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.streaming.SXSSFSheet;

/**
 * The "People" sheet: the audited clusters' user accounts linked into people (identities.yml, same e-mail, same
 * directory user, same user id; docs/people.md), one row per person ({@link PersonRow}).
 */
final class PeopleSheet implements XlsxSheet {

    @Override
    public String name() {
        return NAME;
    }

    static final String NAME = "People";

    @Override
    public void write(XlsxCells cells, ReportData data) {
        SXSSFSheet sheet = cells.sheet(name(), "Person", "E-mail", "Clusters", "Accounts", "Active on",
                "Tokens", "Administrator-equivalent on", "Look at");
        int r = 1;
        for (PersonRow p : PersonRow.of(data)) {
            Row row = sheet.createRow(r++);
            cells.text(row, 0, p.name());
            cells.text(row, 1, p.emails());
            cells.number(row, 2, p.clusters().size());
            cells.text(row, 3, String.join(", ", p.accounts()));
            cells.text(row, 4, p.activeOn());
            cells.text(row, 5, String.join(", ", p.tokens()));
            cells.text(row, 6, p.adminOn() == null ? "not worked out" : p.adminOn());
            cells.text(row, 7, String.join("\n", p.findings()));
        }
        cells.finish(sheet, r, 8, 28, 30, 9, 50, 20, 40, 24, 80);
    }
}
