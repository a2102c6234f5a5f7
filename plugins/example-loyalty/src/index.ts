export { default } from './loyalty.plugin';
export { LoyaltyModule } from './loyalty.plugin';
export { loyaltyOptions, type LoyaltyOptions } from './loyalty-options';
export { LoyaltyCard } from './entities/loyalty-card.entity';
export { LoyaltyStamp } from './entities/loyalty-stamp.entity';
