/**
 * torchvision 0.14 `ssd300_vgg16` as data: feature maps, default boxes, transform and post-processing constants.
 * Sources: torchvision/models/detection/ssd.py (SSD, SSDFeatureExtractorVGG, ssd300_vgg16), anchor_utils.py
 * (DefaultBoxGenerator), _utils.py (BoxCoder), transform.py (GeneralizedRCNNTransform).
 */

/** The side the transform resizes every image to (fixed_size=(300, 300), bilinear, align_corners=False). */
export const SSD300_SIZE = 300;

/** Output channels of the six feature maps: conv4_3 (L2-normalised), fc7, conv8_2, conv9_2, conv10_2, conv11_2. */
export const SSD300_FEATURE_CHANNELS = [512, 1024, 512, 256, 256, 256] as const;

/** Spatial side of the six feature maps at 300×300. */
export const SSD300_FEATURE_SIZES = [38, 19, 10, 5, 3, 1] as const;

/** DefaultBoxGenerator([[2], [2, 3], [2, 3], [2, 3], [2], [2]], scales=[...], steps=[...]). */
export const SSD300_ASPECT_RATIOS: readonly (readonly number[])[] = [[2], [2, 3], [2, 3], [2, 3], [2], [2]];
export const SSD300_SCALES = [0.07, 0.15, 0.33, 0.51, 0.69, 0.87, 1.05] as const;
export const SSD300_STEPS = [8, 16, 32, 64, 100, 300] as const;

/** 2 + 2·len(ratios) default boxes per location: 4, 6, 6, 6, 4, 4. */
export const SSD300_ANCHORS_PER_LOCATION = SSD300_ASPECT_RATIOS.map((r) => 2 + 2 * r.length);

/** 91 COCO category ids, 0 = background (torchvision's _COCO_CATEGORIES, with "N/A" holes). */
export const SSD300_NUM_CLASSES = 91;

/** Ids in torchvision's 91-entry COCO list that are "N/A" (categories absent from COCO 2017). */
export const COCO91_UNUSED_IDS: readonly number[] = [12, 26, 29, 30, 45, 66, 68, 69, 71, 83];

/** ssd300_vgg16 defaults: image_mean and image_std = 1/255 ("undo the 0-1 scaling of toTensor"). */
export const SSD300_IMAGE_MEAN = [0.48235, 0.45882, 0.40784] as const;
export const SSD300_IMAGE_STD = [1 / 255, 1 / 255, 1 / 255] as const;

/** SSD(...) post-processing defaults. */
export const SSD300_SCORE_THRESHOLD = 0.01;
export const SSD300_NMS_THRESHOLD = 0.45;
export const SSD300_DETECTIONS_PER_IMAGE = 200;
export const SSD300_TOPK_CANDIDATES = 400;

/** BoxCoder(weights=(10, 10, 5, 5)) and its clamp of dw, dh at log(1000 / 16). */
export const SSD300_BOX_CODER_WEIGHTS = [10, 10, 5, 5] as const;
export const SSD300_BBOX_XFORM_CLIP = Math.log(1000 / 16);

/** L2Norm scale on conv4_3: nn.Parameter(torch.ones(512) * 20); F.normalize's eps. */
export const SSD300_L2_SCALE_INIT = 20;
export const SSD300_L2_EPS = 1e-12;

/** Anchors in all: Σ side² · anchors per location = 8,732. */
export const SSD300_NUM_ANCHORS = SSD300_FEATURE_SIZES.reduce((sum, s, i) => sum + s * s * (SSD300_ANCHORS_PER_LOCATION[i] as number), 0);
