import { readFile } from "node:fs/promises";
import path from "node:path";
import Link from "next/link";
import { notFound } from "next/navigation";
import { serverConfig } from "@/lib/config";

/** The repository documents the harness page links to, by the name in the URL. */
const DOCS = {
  harness: "harness/README.md",
  "migration-guide": "docs/migration-guide.md",
  e2e: "docs/e2e.md",
} as const;

/**
 * The repository's own Markdown, shown as text beside the harness (which links
 * here) wherever the harness is enabled. Only the names above are served.
 */
export async function HarnessDocPage({
  params,
}: {
  params: Promise<{ name: string }>;
}) {
  if (!serverConfig().authHarnessEnabled) notFound();
  const { name } = await params;
  if (!Object.hasOwn(DOCS, name)) notFound();
  const file = DOCS[name as keyof typeof DOCS];
  let text: string;
  try {
    text = await readFile(path.join(process.cwd(), file), "utf8");
  } catch {
    notFound();
  }
  return (
    <main className="mx-auto w-full max-w-4xl p-3 sm:p-6">
      <p className="mb-3 text-sm">
        <Link className="text-blue-700 underline" href="/dev/auth-harness">
          Back to the harness
        </Link>{" "}
        · <span className="font-mono">{file}</span>
      </p>
      <pre
        data-testid="harness-doc"
        className="font-mono text-xs leading-relaxed break-words whitespace-pre-wrap"
      >
        {text}
      </pre>
    </main>
  );
}
