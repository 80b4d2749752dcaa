// A kubeconfig for the simulated API server: one cluster, one bearer-token user, one context.

export interface KubeconfigOptions {
  context?: string;
  user?: string;
  token?: string;
  caCert?: string;
  namespace?: string;
}

export function kubeconfigYaml(
  server: { url: string; token: string; caCert: string },
  o: KubeconfigOptions = {},
): string {
  const ctx = o.context ?? 'kube-ha-simulated';
  const user = o.user ?? `${ctx}-user`;
  const ca = Buffer.from(o.caCert ?? server.caCert).toString('base64');
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: ${ctx}`,
    '  cluster:',
    `    server: ${server.url}`,
    `    certificate-authority-data: ${ca}`,
    'users:',
    `- name: ${user}`,
    '  user:',
    `    token: ${o.token ?? server.token}`,
    'contexts:',
    `- name: ${ctx}`,
    '  context:',
    `    cluster: ${ctx}`,
    `    user: ${user}`,
    ...(o.namespace ? [`    namespace: ${o.namespace}`] : []),
    `current-context: ${ctx}`,
    '',
  ].join('\n');
}
