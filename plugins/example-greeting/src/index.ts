export { default } from './greeting.plugin';
export { GreetingModule } from './greeting.plugin';
export { Welcome } from './entities/welcome.entity';
