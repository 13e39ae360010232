// The words the AWS console shows for external key store properties: connection states and proxy connectivity.

import type { StatusIndicatorProps } from '@cloudscape-design/components/status-indicator';

const CONNECTION_STATES: Record<string, { label: string; type: StatusIndicatorProps.Type }> = {
  CONNECTED: { label: 'Connected', type: 'success' },
  CONNECTING: { label: 'Connecting', type: 'in-progress' },
  DISCONNECTED: { label: 'Disconnected', type: 'stopped' },
  DISCONNECTING: { label: 'Disconnecting', type: 'in-progress' },
  FAILED: { label: 'Failed', type: 'error' },
};

export function connectionState(state: string | undefined): { label: string; type: StatusIndicatorProps.Type } {
  return (state && CONNECTION_STATES[state]) || { label: state ?? '-', type: 'info' };
}

export const connectivityLabel = (connectivity: string | undefined): string =>
  connectivity === 'PUBLIC_ENDPOINT' ? 'Public endpoint' : connectivity === 'VPC_ENDPOINT_SERVICE' ? 'VPC endpoint service' : (connectivity ?? '-');
