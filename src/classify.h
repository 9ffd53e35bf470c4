/*-------------------------------------------------------------------------
 *
 * classify.h
 *	  The priority matrix: priorities from impact and urgency, as
 *	  slm.priority_matrix configures them (classify.c).
 *
 * Copyright (c) 2026, slm developers
 *
 * IDENTIFICATION
 *	  src/classify.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef SLM_CLASSIFY_H
#define SLM_CLASSIFY_H

#include "postgres.h"

#define SLM_MAX_LEVEL 9			/* impact and urgency levels a matrix may use */

typedef struct PriorityMatrix
{
	bool		empty;			/* use the built-in default */
	int16		priority[SLM_MAX_LEVEL + 1][SLM_MAX_LEVEL + 1];	/* 0: no entry */
} PriorityMatrix;

extern PriorityMatrix *slm_read_priority_matrix(MemoryContext mcxt);
extern int32 slm_matrix_priority(const PriorityMatrix *m, int32 impact, int32 urgency);

#endif							/* SLM_CLASSIFY_H */
