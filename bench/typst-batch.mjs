// Typst's side of `npm run bench`: every `.typ` file of a folder compiled to PDF by one
// Typst compiler in this one Node process, as a user would script a batch with the npm
// package. Plain JavaScript, so that the process starts as fast as Node can. Prints its CPU
// time and peak memory as the CLI's --stats does (the process's own accounting, every thread).
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NodeCompiler } from '@myriaddreamin/typst-ts-node-compiler';

const [folder, out] = process.argv.slice(2);
const compiler = NodeCompiler.create({ workspace: folder });
for (const name of readdirSync(folder).filter((file) => file.endsWith('.typ'))) {
  writeFileSync(join(out, name.replace(/\.typ$/, '.pdf')), compiler.pdf({ mainFilePath: join(folder, name) }));
}
const usage = process.resourceUsage();
process.stdout.write(`cpu ${((usage.userCPUTime + usage.systemCPUTime) / 1e6).toFixed(2)} s, peak memory ${Math.round(usage.maxRSS / 1024)} MB\n`);
