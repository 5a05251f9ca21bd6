// COCO detection/segmentation scoring, computed as pycocotools' COCOeval computes it.
export {};
