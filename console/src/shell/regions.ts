// The Regions the top bar offers, as the AWS console lists them. openkms accepts any Region name (keys live per
// account and Region), so this list is only the choice shown; the cn- Regions are in the aws-cn partition.

export interface RegionChoice {
  id: string;
  name: string;
}

export const REGIONS: readonly RegionChoice[] = [
  { id: 'us-east-1', name: 'US East (N. Virginia)' },
  { id: 'us-east-2', name: 'US East (Ohio)' },
  { id: 'us-west-1', name: 'US West (N. California)' },
  { id: 'us-west-2', name: 'US West (Oregon)' },
  { id: 'ca-central-1', name: 'Canada (Central)' },
  { id: 'eu-west-1', name: 'Europe (Ireland)' },
  { id: 'eu-west-2', name: 'Europe (London)' },
  { id: 'eu-central-1', name: 'Europe (Frankfurt)' },
  { id: 'eu-north-1', name: 'Europe (Stockholm)' },
  { id: 'ap-northeast-1', name: 'Asia Pacific (Tokyo)' },
  { id: 'ap-southeast-1', name: 'Asia Pacific (Singapore)' },
  { id: 'ap-southeast-2', name: 'Asia Pacific (Sydney)' },
  { id: 'ap-south-1', name: 'Asia Pacific (Mumbai)' },
  { id: 'sa-east-1', name: 'South America (São Paulo)' },
  { id: 'cn-north-1', name: 'China (Beijing)' },
  { id: 'cn-northwest-1', name: 'China (Ningxia)' },
];

export function regionName(id: string): string {
  return REGIONS.find((region) => region.id === id)?.name ?? id;
}

/** The ARN partition of a Region: aws-cn for the China Regions, as in AWS. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}
