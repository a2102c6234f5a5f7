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
