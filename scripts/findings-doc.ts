import { writeFileSync } from "node:fs";
import { renderFindingsDoc } from "@/lib/findings/render-doc";

writeFileSync("docs/findings.md", renderFindingsDoc());
console.log("wrote docs/findings.md");
