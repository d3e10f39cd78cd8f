import { defineConfig, text } from 'editions';

/** AFPBB News' dateline, "【12月5日 AFP】": the label is given the place and the credit, no date, which would be printed as typed. */
export default defineConfig({
  renderers: [text()],
  labels: {
    ja: { dateline: '【{date} {credit}】{place}' },
  },
});
