/** Markdown tables for the benchmark report. */

export type Table = {
  title: string;
  headers: string[];
  rows: string[][];
  notes?: string[];
};

/** Pipes inside a cell would end it early; newlines would end the row. */
function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

/** A GitHub-flavoured markdown table with columns padded to line up in plain text. */
export function markdownTable(headers: string[], rows: string[][]): string {
  const width = headers.length;
  const padded = rows.map((row) =>
    Array.from({ length: width }, (_, index) => cell(row[index] ?? "")),
  );
  const head = headers.map(cell);
  const widths = head.map((header, index) =>
    Math.max(3, header.length, ...padded.map((row) => row[index]!.length)),
  );
  const line = (cells: string[]) =>
    `| ${cells.map((text, index) => text.padEnd(widths[index]!)).join(" | ")} |`;
  return [
    line(head),
    `| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`,
    ...padded.map(line),
  ].join("\n");
}

export function renderTables(tables: Table[]): string {
  return tables
    .map((table) =>
      [
        `### ${table.title}`,
        "",
        markdownTable(table.headers, table.rows),
        ...(table.notes && table.notes.length > 0
          ? ["", ...table.notes.map((note) => `- ${note}`)]
          : []),
      ].join("\n"),
    )
    .join("\n\n");
}
