// Written by `npm run cli -- migration:generate`: every migration of this folder, oldest first.
import { Init1795425285649 } from './1795425285649-Init';
import { Catalog1795427094740 } from './1795427094740-Catalog';
import { Orders1795429107784 } from './1795429107784-Orders';
import { Delivery1795429270662 } from './1795429270662-Delivery';
import { Payments1795429901056 } from './1795429901056-Payments';
import { ChannelsAndHours1795430042211 } from './1795430042211-ChannelsAndHours';
import { Conversations1795437680268 } from './1795437680268-Conversations';
import { Notifications1795439776195 } from './1795439776195-Notifications';
import { ReceivedMessageSequence1795450832711 } from './1795450832711-ReceivedMessageSequence';
import { CrmSync1795450856730 } from './1795450856730-CrmSync';
import { ShopSync1795453564825 } from './1795453564825-ShopSync';
import { QueuedRowsRescue1795461377617 } from './1795461377617-QueuedRowsRescue';
import { NotificationByMessage1796658939765 } from './1796658939765-NotificationByMessage';

export const sqliteMigrations = [Init1795425285649, Catalog1795427094740, Orders1795429107784, Delivery1795429270662, Payments1795429901056, ChannelsAndHours1795430042211, Conversations1795437680268, Notifications1795439776195, ReceivedMessageSequence1795450832711, CrmSync1795450856730, ShopSync1795453564825, QueuedRowsRescue1795461377617, NotificationByMessage1796658939765];
