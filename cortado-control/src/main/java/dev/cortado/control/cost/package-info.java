/** What serving costs: serverless prices per core-second and GiB-second, and the cost per request of a profiled variant. */
package dev.cortado.control.cost;
