export { default } from './crm-hubspot.plugin';
export { HubSpotCrmModule } from './crm-hubspot.plugin';
export { HubSpotCrmConnector, dealName, majorUnits } from './services/hubspot-crm.connector';
export { HubSpotApiClient, classifyHubSpotError, type HubSpotObject } from './services/hubspot-api.client';
export { hubSpotOptions, type HubSpotOptions, type HubSpotAccount } from './hubspot-options';
