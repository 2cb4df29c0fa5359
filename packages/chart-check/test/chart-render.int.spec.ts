import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ChartRenderError, renderChart } from '../src';

jest.setTimeout(120_000);

/** A small chart using each Helm feature Ferry's chart relies on. */
const FILES: Record<string, string> = {
  'Chart.yaml': 'apiVersion: v2\nname: demo\nversion: 1.2.3\nappVersion: "4.5"\n',
  'values.yaml': [
    'replicas: 1',
    'nats: { replicas: 1, url: nats://a }',
    'labels: { team: ferry }',
    'greeting: "hello {{ .Release.Name }}"',
    'site: ferry',
    '',
  ].join('\n'),
  'templates/_helpers.tpl': '{{- define "demo.fullname" -}}{{ .Release.Name }}-{{ .Chart.Name }}{{- end -}}\n',
  'templates/config.yaml': [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: {{ include "demo.fullname" . }}',
    '  labels:',
    '    {{- toYaml .Values.labels | nindent 4 }}',
    'data:',
    '  namespace: {{ .Release.Namespace | quote }}',
    '  appVersion: {{ .Chart.AppVersion | quote }}',
    '  template: {{ .Template.Name | quote }}',
    '  greeting: {{ tpl .Values.greeting . | quote }}',
    '  replicas: {{ .Values.replicas | quote }}',
    '  replicasPlusOne: {{ add1 .Values.replicas | quote }}',
    '  natsReplicas: {{ .Values.nats.replicas | quote }}',
    '  natsUrl: {{ .Values.nats.url | quote }}',
    '  tls: {{ .Values.tls | quote }}',
    '  zones: {{ .Values.zones | default list | join "," | quote }}',
    '  site: {{ required "set site: the site name" .Values.site | quote }}',
    '  existing: {{ lookup "v1" "Secret" "ferry" "x" | len | quote }}',
    '---',
    '{{- if .Values.extra }}',
    'kind: Never',
    '{{- end }}',
    '',
  ].join('\n'),
  'templates/NOTES.txt': 'Installed {{ .Release.Name }}.\n',
};

describe('infra/chart-render (helm template for the features charts/ferry uses)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'chart-render-'));
    for (const [file, text] of Object.entries(FILES)) {
      await mkdir(join(dir, file, '..'), { recursive: true });
      await writeFile(join(dir, file), text);
    }
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('given values and --set overrides, when rendered, then templates see merged, typed values, the release, the chart and their partials', async () => {
    const text = await renderChart({ chartDir: dir, release: 'r1', namespace: 'migrations', sets: ['nats.replicas=3,replicas=2', 'tls=true,zones={a,b}'] });
    const documents = parseAllDocuments(text);
    expect(Array.isArray(documents) ? documents.map((d) => d.toJS()) : []).toEqual([
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'r1-demo', labels: { team: 'ferry' } },
        data: {
          namespace: 'migrations', appVersion: '4.5', template: 'demo/templates/config.yaml', greeting: 'hello r1',
          replicas: '2', replicasPlusOne: '3', natsReplicas: '3', natsUrl: 'nats://a', tls: 'true', zones: 'a,b', site: 'ferry', existing: '0',
        },
      },
    ]);
    expect(text).toContain('# Source: demo/templates/config.yaml');
    expect(text).not.toContain('Installed');
  });

  it('given a required value set to null, when rendered, then it fails with the template, the line and the message', async () => {
    const failure = renderChart({ chartDir: dir, sets: ['site=null'] });
    await expect(failure).rejects.toBeInstanceOf(ChartRenderError);
    await expect(failure).rejects.toThrow(/demo\/templates\/config\.yaml:\d+:\d+.*set site: the site name/);
  });

  it('given a malformed --set, when rendered, then it fails naming the expression and the expected form', async () => {
    await expect(renderChart({ chartDir: dir, sets: ['replicas'] })).rejects.toThrow('--set "replicas": expected KEY=VALUE');
  });
});
