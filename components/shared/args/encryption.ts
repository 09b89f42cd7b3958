// encryption: the component creates a rotating customer managed key unless it is given one.
import { z } from "zod";
import { deferrable, requiredString } from "./zod";

export const encryptionSchema = z
    .strictObject({
        /** A customer managed key to use instead of the key the component creates. */
        kmsKeyArn: deferrable(requiredString("a KMS key ARN", "pass the ARN of a customer managed key")).optional(),
    })
    .prefault({});
