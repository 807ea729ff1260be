// Makes a thumbnail of every JPEG or PNG uploaded under uploads/ and writes it, under the same key, to
// the bucket named by THUMBNAIL_BUCKET (thumbnails-output unless set). Runs unchanged on Sluice and on AWS Lambda: the AWS SDK comes
// with the Node.js runtime, and jimp (pure JavaScript, no native modules) comes in the zip.
const { S3Client, GetObjectCommand, PutObjectCommand } = require('@aws-sdk/client-s3');
const { Jimp } = require('jimp');

// On Sluice the runtime sets AWS_ENDPOINT_URL and the credentials; on Lambda the defaults are right.
const s3 = new S3Client({});
const outputBucket = process.env.THUMBNAIL_BUCKET || 'thumbnails-output';
const size = Number(process.env.THUMBNAIL_SIZE || 128);
// jimp writes JPEGs at quality 100 unless told otherwise, which made a thumbnail bigger in bytes than a
// well-compressed 640x480 original; 80 is what image tools commonly use for the web.
const jpegQuality = Number(process.env.THUMBNAIL_JPEG_QUALITY || 80);
const contentTypes = { '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.png': 'image/png' };

exports.handler = async (event) => {
  const made = [];
  for (const record of event.Records) {
    const bucket = record.s3.bucket.name;
    // Keys arrive form-encoded, as S3 sends them: "red flower.jpg" is "red+flower.jpg".
    const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));
    const contentType = contentTypes[key.slice(key.lastIndexOf('.')).toLowerCase()];
    if (!contentType) {
      console.log(`skipping ${key}: not a JPEG or PNG`);
      continue;
    }

    const original = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const image = await Jimp.fromBuffer(Buffer.from(await original.Body.transformToByteArray()));
    const from = `${image.width}x${image.height}`;
    image.scaleToFit({ w: size, h: size });
    const thumbnail = contentType === 'image/jpeg'
      ? await image.getBuffer(contentType, { quality: jpegQuality })
      : await image.getBuffer(contentType);
    await s3.send(new PutObjectCommand({
      Bucket: outputBucket, Key: key, Body: thumbnail, ContentType: contentType,
    }));
    console.log(`${bucket}/${key} ${from} -> ${outputBucket}/${key} ${image.width}x${image.height}`);
    made.push(key);
  }
  return { thumbnails: made };
};
