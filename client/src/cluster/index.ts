// Entry of the cluster view for client/src/extension.ts.
export { registerClusterView, type ClusterViewClient } from './view';
