// Entry of dist/cluster-view.js, the cluster view's own bundle. client/src/extension.ts loads it
// after activation so @kubernetes/client-node is not part of the extension's start-up.
export { registerClusterView, type ClusterViewApi, type ClusterViewClient } from './view';
