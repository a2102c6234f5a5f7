import { Field, ObjectType } from '@nestjs/graphql';
import type { WebchatMessageView } from '../services/webchat-message';

@ObjectType({ description: 'A choice offered as a button: answer it with webchatSend(replyId: id, replyTitle: title).' })
export class WebchatChoice {
  @Field()
  id: string;

  @Field()
  title: string;
}

@ObjectType({ description: 'A choice offered in a list: answer it with webchatSend(replyId: id, replyTitle: title).' })
export class WebchatRow {
  @Field()
  id: string;

  @Field()
  title: string;

  @Field(() => String, { nullable: true })
  description: string | null;
}

@ObjectType({ description: 'A message of a web chat, from the visitor or the store.' })
export class WebchatMessage {
  @Field({ description: "The store's message id, or the visitor's clientMessageId for their own messages." })
  id: string;

  @Field({ description: 'visitor or store.' })
  author: string;

  @Field({ description: 'text, buttons, list, payment_link or image.' })
  type: string;

  @Field(() => String, { nullable: true })
  text: string | null;

  @Field(() => [WebchatChoice])
  buttons: WebchatChoice[];

  @Field(() => [WebchatRow])
  rows: WebchatRow[];

  @Field(() => String, { nullable: true, description: "A payment link's or a picture's address." })
  url: string | null;

  @Field(() => String, { nullable: true, description: "The words on a payment link's button." })
  label: string | null;

  @Field()
  at: Date;
}

export function toWebchatMessage(view: WebchatMessageView): WebchatMessage {
  return { ...view, at: new Date(view.at) };
}
