import { Category } from '../catalog/category.entity';
import { Modifier } from '../catalog/modifier.entity';
import { ModifierGroup } from '../catalog/modifier-group.entity';
import { Product } from '../catalog/product.entity';
import { ProductImage } from '../catalog/product-image.entity';
import { Variant } from '../catalog/variant.entity';
import { MalformedWebhook } from '../channels/malformed-webhook.entity';
import { ReceivedMessage } from '../channels/received-message.entity';
import { Contact } from '../conversations/contact.entity';
import { ContactIdentity } from '../conversations/contact-identity.entity';
import { Conversation } from '../conversations/conversation.entity';
import { Message } from '../conversations/message.entity';
import { Delivery } from '../delivery/delivery.entity';
import { DeliveryEvent } from '../delivery/delivery-event.entity';
import { JobRecord } from '../jobs/job-record.entity';
import { Cart } from '../orders/cart.entity';
import { DeliveryZone } from '../orders/delivery-zone.entity';
import { Order } from '../orders/order.entity';
import { OrderEvent } from '../orders/order-event.entity';
import { OrderLine } from '../orders/order-line.entity';
import { Payment } from '../payments/payment.entity';
import { PaymentEventRecord } from '../payments/payment-event-record.entity';
import { Refund } from '../payments/refund.entity';
import { ApiKey } from '../stores/api-key.entity';
import { Store } from '../stores/store.entity';

/** Every entity of the core. Plugins add theirs through definePlugin({ entities }). */
export const coreEntities = [Store, ApiKey, JobRecord, Category, Product, Variant, ModifierGroup, Modifier, ProductImage, Cart, DeliveryZone, Order, OrderLine, OrderEvent, Delivery, DeliveryEvent, Payment, PaymentEventRecord, Refund, Contact, ContactIdentity, Conversation, Message, ReceivedMessage, MalformedWebhook];
