// Discovery answers of the simulated API server: its version and the resources it serves.
import { RESOURCES, STATUS_SUBRESOURCE, groupVersions } from './resources';

/** The body of a discovery request (/version, /api, /apis, a group version's resource list). */
export function discoveryBody(path: string, port: number): unknown {
  const gvs = groupVersions();
  switch (path) {
    case '/version':
      return {
        major: '1',
        minor: '31',
        gitVersion: 'v1.31.0-kube-ha-simulated',
        gitCommit: 'simulated',
        gitTreeState: 'clean',
        buildDate: '2025-01-01T00:00:00Z',
        goVersion: 'go1.22',
        compiler: 'gc',
        platform: 'linux/amd64',
      };
    case '/api':
      return {
        kind: 'APIVersions',
        versions: ['v1'],
        serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: `127.0.0.1:${port}` }],
      };
    case '/apis':
      return {
        kind: 'APIGroupList',
        apiVersion: 'v1',
        groups: gvs
          .filter((gv) => gv.includes('/'))
          .map((gv) => {
            const [name, version] = gv.split('/');
            const v = { groupVersion: gv, version };
            return { name, versions: [v], preferredVersion: v };
          }),
      };
    default: {
      const gv = path === '/api/v1' ? 'v1' : path.replace(/^\/apis\//, '');
      return {
        kind: 'APIResourceList',
        apiVersion: 'v1',
        groupVersion: gv,
        resources: RESOURCES.filter((r) => r.apiVersion === gv).flatMap((r) => [
          {
            name: r.plural,
            singularName: r.kind.toLowerCase(),
            namespaced: r.namespaced,
            kind: r.kind,
            verbs: ['get', 'list', 'watch'],
            ...(r.shortNames ? { shortNames: r.shortNames } : {}),
          },
          ...(STATUS_SUBRESOURCE.has(r.kind)
            ? [
                {
                  name: `${r.plural}/status`,
                  singularName: '',
                  namespaced: r.namespaced,
                  kind: r.kind,
                  verbs: ['get'],
                },
              ]
            : []),
        ]),
      };
    }
  }
}
