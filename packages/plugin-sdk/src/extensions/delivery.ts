/** Courier plugins hand orders to a delivery company and report its progress back to the order's Delivery. */
export interface DeliveryRequest {
  storeId: string;
  orderId: string;
  orderNumber: string;
  dropoff: { address: string; latitude?: number; longitude?: number; contactName?: string; contactPhone?: string };
}

export interface DeliveryBooking {
  trackingNumber: string;
  trackingUrl?: string;
  eta?: Date;
  driver?: { name: string; phone?: string };
}

export interface DeliveryProvider {
  readonly code: string;
  requestDelivery(request: DeliveryRequest): Promise<DeliveryBooking>;
  cancelDelivery(trackingNumber: string): Promise<void>;
}

/** A change to an order's delivery: any of the details, and optionally a new step of its timeline. */
export interface DeliveryUpdate {
  courier?: string | null;
  driverName?: string | null;
  driverPhone?: string | null;
  trackingNumber?: string | null;
  trackingUrl?: string | null;
  eta?: Date | null;
  /** A new step, e.g. picked_up, nearby, delivered, failed. */
  status?: string | null;
  note?: string | null;
  latitude?: number | null;
  longitude?: number | null;
}

/** Implemented by the core: how courier plugins report a delivery's progress (staff do the same over GraphQL). */
export abstract class DeliveryUpdates {
  abstract update(storeId: string, orderId: string, update: DeliveryUpdate): Promise<unknown>;
}
