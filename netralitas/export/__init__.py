"""Excel and CSV export of what the current filters show: the file officials hand over.

No Streamlit here: the functions take a DuckDB connection, the :class:`~netralitas.queries.Filters` and the
:class:`~netralitas.queries.Viewer`, and write a workbook or a CSV file. Import from here
(``from netralitas.export import build_xlsx``); one module per concern:

- :mod:`~netralitas.export.content` — what an export holds: columns, figures, cross tables, masking choice;
- :mod:`~netralitas.export.workbook` — the workbook's sheets (xlsxwriter);
- :mod:`~netralitas.export.xlsx_stream` — the person rows streamed into the Data sheets' XML;
- :mod:`~netralitas.export.csv_file` — the CSV of the rows and of a chart's table;
- :mod:`~netralitas.export.cells` — cell values no spreadsheet will evaluate;
- :mod:`~netralitas.export.naming` — file names, the time of export (WIB), media types;
- :mod:`~netralitas.export.prevention` — the workbook and CSV of the prevention activities.
"""

from netralitas.export.cells import (
    EXCEL_MAX_ROWS,
    EXCEL_MAX_TEXT,
    FORMULA_PREFIXES,
    as_datetime,
    is_missing,
    neutralise,
)
from netralitas.export.content import (
    CHUNK_ROWS,
    DATA_COLUMNS,
    MASKED_TEXT,
    ORGANISATION,
    QUERY_COLUMNS,
    REVEALED_TEXT,
    SHEET_CHART,
    SHEET_DATA,
    SHEET_PIVOTS,
    SHEET_SUMMARY,
    TITLE,
    UNRANKED_COLUMN,
    ChartTable,
    Column,
    ExportFacts,
    Pivot,
    build_pivots,
    chart_frame,
    is_masked,
    rows_viewer,
    summary_table,
)
from netralitas.export.csv_file import (
    CSV_CELL_BREAKS,
    CSV_DELIMITER,
    build_csv,
    neutralise_csv,
    table_csv,
    write_csv,
)
from netralitas.export.naming import (
    CSV_MIME,
    FILE_PREFIX,
    XLSX_MIME,
    export_filename,
    export_time,
    filter_slug,
    format_export_time,
    slugify,
)
from netralitas.export.prevention import (
    build_prevention_csv,
    build_prevention_xlsx,
    prevention_filename,
    write_prevention_csv,
    write_prevention_xlsx,
)
from netralitas.export.workbook import DATE_FORMAT, build_xlsx, write_xlsx
from netralitas.export.xlsx_stream import (
    EXCEL_EPOCH_ORDINAL,
    FIRST_PLAIN_SERIAL_DATE,
    XML_BLOCK_ROWS,
    ZIP64_FROM_ROWS,
    excel_date_number,
)

__all__ = [
    "CHUNK_ROWS",
    "CSV_CELL_BREAKS",
    "CSV_DELIMITER",
    "CSV_MIME",
    "DATA_COLUMNS",
    "DATE_FORMAT",
    "EXCEL_EPOCH_ORDINAL",
    "EXCEL_MAX_ROWS",
    "EXCEL_MAX_TEXT",
    "FILE_PREFIX",
    "FIRST_PLAIN_SERIAL_DATE",
    "FORMULA_PREFIXES",
    "MASKED_TEXT",
    "ORGANISATION",
    "QUERY_COLUMNS",
    "REVEALED_TEXT",
    "SHEET_CHART",
    "SHEET_DATA",
    "SHEET_PIVOTS",
    "SHEET_SUMMARY",
    "TITLE",
    "UNRANKED_COLUMN",
    "XLSX_MIME",
    "XML_BLOCK_ROWS",
    "ZIP64_FROM_ROWS",
    "ChartTable",
    "Column",
    "ExportFacts",
    "Pivot",
    "as_datetime",
    "build_csv",
    "build_pivots",
    "build_prevention_csv",
    "build_prevention_xlsx",
    "build_xlsx",
    "chart_frame",
    "excel_date_number",
    "export_filename",
    "export_time",
    "filter_slug",
    "format_export_time",
    "is_masked",
    "is_missing",
    "neutralise",
    "neutralise_csv",
    "prevention_filename",
    "rows_viewer",
    "slugify",
    "summary_table",
    "table_csv",
    "write_csv",
    "write_prevention_csv",
    "write_prevention_xlsx",
    "write_xlsx",
]
