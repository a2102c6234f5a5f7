import type { Store } from '../stores/store.entity';
import type { Fulfilment } from './cart.entity';
import type { DeliveryZone } from './delivery-zone.entity';

function normalizePostcode(postcode: string): string {
  return postcode.replace(/\s+/g, '').toUpperCase();
}

/** Great-circle distance in metres. */
export function distanceMeters(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }): number {
  const radians = (degrees: number) => (degrees * Math.PI) / 180;
  const dLat = radians(b.latitude - a.latitude);
  const dLon = radians(b.longitude - a.longitude);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(radians(a.latitude)) * Math.cos(radians(b.latitude)) * Math.sin(dLon / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.sqrt(h));
}

/** The first zone (in the store's order) serving a delivery address, or null when none does. */
export function zoneFor(store: Store, zones: DeliveryZone[], delivery: Extract<Fulfilment, { type: 'delivery' }>): DeliveryZone | null {
  const postcode = delivery.postcode ? normalizePostcode(delivery.postcode) : null;
  for (const zone of [...zones].sort((a, b) => a.position - b.position)) {
    if (postcode && zone.postcodes?.some((code) => normalizePostcode(code) === postcode)) return zone;
    if (
      zone.radiusMeters != null &&
      store.latitude != null &&
      store.longitude != null &&
      delivery.latitude != null &&
      delivery.longitude != null &&
      distanceMeters({ latitude: store.latitude, longitude: store.longitude }, { latitude: delivery.latitude, longitude: delivery.longitude }) <=
        zone.radiusMeters
    ) {
      return zone;
    }
  }
  return null;
}
