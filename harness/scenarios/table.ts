import { LANE_IDS } from "../designs/lanes";
import { SCENARIOS } from "./catalog";
import { describeExpected } from "./verdict";

/**
 * The verdict table as Markdown, for the migration guide. A unit test keeps the
 * guide's copy equal to this, so the guide says what the E2E suite asserts.
 */
// Prettier leaves the block as generated, so the guide's copy stays byte-equal.
export const TABLE_START =
  "<!-- prettier-ignore-start -->\n<!-- verdict-table:start -->";
export const TABLE_END =
  "<!-- verdict-table:end -->\n<!-- prettier-ignore-end -->";

function cell(text: string): string {
  return text.replace(/\|/g, "\\|");
}

export function verdictTableMarkdown(): string {
  const header = `| scenario | answers | ${LANE_IDS.join(" | ")} |`;
  const rule = `| --- | --- | ${LANE_IDS.map(() => "---").join(" | ")} |`;
  const rows = SCENARIOS.map((scenario) => {
    const answers = scenario.answers.url
      ? `[${cell(scenario.answers.text)}](${scenario.answers.url})`
      : cell(scenario.answers.text);
    const verdicts = LANE_IDS.map((id) =>
      cell(describeExpected(scenario.expected[id])),
    );
    return `| ${cell(scenario.title)} (\`${scenario.id}\`) | ${answers} | ${verdicts.join(" | ")} |`;
  });
  return [TABLE_START, header, rule, ...rows, TABLE_END].join("\n");
}
