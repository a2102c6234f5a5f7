import { DomainError } from '@parley/plugin-sdk';

/** Why an upload was refused. Each is checked before anything is stored. */
export class ImageTooLargeError extends DomainError {
  constructor(maxBytes: number) {
    super('IMAGE_TOO_LARGE', `An image may be at most ${Math.floor(maxBytes / 1024 / 1024)} MB`, { maxBytes });
  }
}

export class ImageTooManyPixelsError extends DomainError {
  constructor(width: number, height: number, maxPixels: number) {
    super(
      'IMAGE_TOO_MANY_PIXELS',
      `This image is ${width} x ${height} pixels; at most ${Math.floor(maxPixels / 1_000_000)} megapixels are allowed`,
      { width, height, maxPixels },
    );
  }
}

export class UnsupportedImageTypeError extends DomainError {
  constructor(detail = 'This is not an image Parley can read') {
    super('UNSUPPORTED_IMAGE_TYPE', `${detail}: upload a JPEG, PNG, WebP, GIF or AVIF image`);
  }
}
