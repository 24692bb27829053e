/**
 * The merge worker's file reader (see fileSlices.ts): reads the slices the merge worker asks for
 * and hands their bytes over by transfer, so the merge's own thread does not drain the reads.
 */
import { answerSliceRequests } from './fileSlices';

answerSliceRequests(self as unknown as Parameters<typeof answerSliceRequests>[0]);
